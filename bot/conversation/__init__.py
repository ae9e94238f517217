"""The conversation room: one use case per event kind."""
