"""Screens of the reader: the library, a briefing, help."""
