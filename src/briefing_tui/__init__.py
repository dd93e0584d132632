"""briefing: a keyboard-first terminal reader for structured, sourced briefings."""

__version__ = "0.1.0"
