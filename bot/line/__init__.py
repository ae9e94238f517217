"""The LINE adapter: webhook in, free replies out."""
