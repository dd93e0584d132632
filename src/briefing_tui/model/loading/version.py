"""The loader's version: what keys the parse cache (no import of the loader itself, so
that reading the cache at a warm start does not load the YAML reader)."""

__all__ = ["LOADER_VERSION"]

LOADER_VERSION = 8
"""Bumped whenever the loader's output for the same bytes, or its encoding for the
parse cache (``codec.py``), may change: it keys the cache. 3: results carry a header;
4: entities and sources carry ``external_ids``; 5: results carry the briefing's index
part (whose own version, ``PART_VERSION``, is checked too), and the messages of this
session's check changes (notes, dates, tabs, NEL/LS/PS); 6: index parts carry the
entity index's and the timeline's facts and one name table for words (``PART_VERSION``
3), written once anew; 7: the head carries the briefing's content hash and its index
part's digest; 8: a tab in the indentation is named as such after a line holding a value
too (libyaml's "violates indentation" and "mapping values are not allowed")."""
