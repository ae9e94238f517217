"""LINE Official Account pricing assistant for Taiwanese merchants."""

__version__ = "0.1.0"
