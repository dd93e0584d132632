"""Briefings from and to the intelligence formats: STIX 2.1 bundles in, briefings out.

Pure Python (no Textual, no network): files are untrusted JSON, read by ``json_input``
under the same kind of limits as the YAML loader, and turned into plain briefing/v1 data
that the caller writes as YAML and checks with the loader.
"""
