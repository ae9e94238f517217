"""The admin: web pages and a JSON API for keyword → tag rules, tags and followers."""
