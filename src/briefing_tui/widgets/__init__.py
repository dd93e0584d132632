"""Widgets of the reader; each shows model data and never parses file text as markup."""
