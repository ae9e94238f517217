"""The local chat preview: try the bot in a browser without a LINE account (dev mode only)."""
