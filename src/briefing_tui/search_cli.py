"""``briefing search QUERY [PATH...]``: print the items matching a filter query.

One line per item, in library order (newest briefing first, items in file order),
between two banner lines: the marking of everything printed (the most restrictive
handling of the briefings the items come from, never below the site's floor)::

    TLP:AMBER  PROTECTED A
    brf-id/inc-id  date  severity  title
    brf-id/q-id  date  kind  start of the quote

(sources: ``published  kind  title``; entities: ``-  kind  name``; briefings:
``brf-id  date  status  title``; ``-`` where there is no value). Text from the files is
sanitised. ``--format json`` prints one JSON document instead (its ``banner`` is the
marking, each item's ``banner`` that of its briefing). The exit status is 0
when something matched, 1 when nothing did (like grep), 2 when the query is invalid
(with its position) or the command line is wrong.

Imports only the standard library at module level, like ``cli.py``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from .model.marking import MarkingRules
    from .model.search.index import Entry, Kind
    from .model.search.query import Node, QueryError

__all__ = [
    "KIND_CHOICES",
    "add_arguments",
    "entry_json",
    "entry_line",
    "load_library",
    "query_error",
    "run",
]

EXIT_MATCH, EXIT_NO_MATCH, EXIT_INVALID = 0, 1, 2
QUOTE_WIDTH = 80
"""Characters of a quote shown on its line."""
KIND_CHOICES: dict[str, tuple[Kind, ...]] = {
    "incidents": ("incident",),
    "quotes": ("quote",),
    "sources": ("source",),
    "entities": ("entity",),
    "briefings": ("briefing",),
    "all": ("briefing", "incident", "quote", "source", "entity"),
}
"""``--kind`` value -> the kinds of items searched."""
DEFAULT_KINDS = ("incidents", "quotes")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``briefing search``."""
    parser.add_argument(
        "query", metavar="QUERY", nargs="?",
        help="a filter query, such as 'severity:>=high after:2018' or '\"jimmy lai\" -has:source'",
    )  # fmt: skip
    parser.add_argument(
        "paths", nargs="*", type=Path, default=[], metavar="PATH", help="files or folders"
    )
    parser.add_argument(
        "--kind", action="append", choices=tuple(KIND_CHOICES), dest="kinds",
        help="what to list (repeatable; default: incidents and quotes)",
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", dest="output",
        help="one line per item (text), or one JSON document",
    )  # fmt: skip
    parser.add_argument(
        "--timings", action="store_true", help="print load, index and query times on stderr"
    )
    parser.add_argument(
        "--view", metavar="NAME", help="run the saved view NAME ([views] in config.toml)"
    )
    parser.add_argument(
        "--no-state", action="store_true", help="is:unread and flag: see no reading state"
    )
    parser.epilog = (
        "A query that starts with '-' goes after '--', as in: briefing search -- -has:source. "
        "With no PATH, briefings are read from $BRIEFING_PATH, else ./briefings, else the "
        "bundled samples. exit status: 0 something matched, 1 nothing matched, "
        "2 invalid query or bad usage"
    )


def query_error(query: str, error: QueryError) -> str:
    """The message for an invalid query: where, why, and the query with a caret under it."""
    from .model.sanitize import sanitize_line

    shown = sanitize_line(query)
    before = len(sanitize_line(query[: error.position]))
    width = max(1, len(sanitize_line(query[: error.position + error.length])) - before)
    return (
        f"briefing: query error at column {error.position + 1}: "
        f"{sanitize_line(error.message)}\n  {shown}\n  {' ' * before}{'^' * width}"
    )


def run(args: argparse.Namespace, rules: MarkingRules) -> int:
    """Run ``briefing search``; returns the exit status. ``rules``: the site's marking.

    The query is answered a few hundred briefings at a time (``model/search/chunked.py``):
    no index of the whole library is put together, and what is kept of the answer is
    which items matched. The banner comes from the headers of the briefings that
    matched; then each of them is decoded in turn and its lines printed.
    """
    from .model.search.query import QueryError, parse_query

    query = _query_of(args)
    if query is None:
        return EXIT_INVALID
    args.query = query
    try:
        node = parse_query(args.query)
    except QueryError as error:
        print(query_error(args.query, error), file=sys.stderr)
        return EXIT_INVALID
    gc.disable()  # the cycle collector would walk every header at each chunk's many objects
    try:
        return _search(args, node, rules)
    finally:
        gc.enable()


def _search(args: argparse.Namespace, node: Node, rules: MarkingRules) -> int:
    from .model.marking import banner_line

    began = time.perf_counter()
    library = load_library(args.paths)
    loaded = time.perf_counter()
    kinds = [kind for name in args.kinds or DEFAULT_KINDS for kind in KIND_CHOICES[name]]
    matches, items = _matches(library, node, kinds, args.no_state)
    searched = time.perf_counter()
    headers = [library.header(match.briefing_id) for match in matches]
    handlings = {(h.handling.tlp, h.handling.banner): h.handling for h in headers if h}
    banner = banner_line(rules.marking(handlings.values()))
    if args.output == "json":
        document = {
            "query": args.query,
            "banner": banner,
            "count": items,
            "items": [
                {
                    **entry_json(entry, library.path_of(entry.briefing.id)),
                    "banner": banner_line(rules.marking([entry.briefing.handling])),
                }
                for entry in _entries(library, matches)
            ],
        }
        sys.stdout.write(json.dumps(document, indent=2) + "\n")  # ensure_ascii: inert
    elif items:
        write = sys.stdout.write
        write(banner + "\n")
        for entry in _entries(library, matches):
            write(entry_line(entry) + "\n")
        write(banner + "\n")
    if args.timings:
        print(
            f"briefing: loaded {len(library)} briefings in {loaded - began:.3f} s, "
            f"searched {items} items in {searched - loaded:.3f} s, "
            f"printed in {(time.perf_counter() - searched) * 1000:.1f} ms",
            file=sys.stderr,
        )
    return EXIT_MATCH if items else EXIT_NO_MATCH


def _matches(library: Any, node: Any, kinds: list[Kind], no_state: bool) -> tuple[list[Any], int]:
    """The briefings with matching items (``BriefingHits``), in library order, and how
    many items match in all."""
    from .model.search.chunked import search_chunks
    from .model.search.index import has_state

    prepare = _state_of(no_state) if has_state(node) else None
    sources = [(e.header, e.index_part) for e in library.entries if e.header is not None]
    matches = list(search_chunks(sources, library.get, node, kinds, prepare=prepare))
    return matches, sum(len(match.hits) for match in matches)


def _entries(library: Any, matches: list[Any]) -> Iterator[Entry]:
    """The matching entries, one briefing decoded at a time."""
    from .model.search.data import COLLECTION
    from .model.search.results import Entry

    for match in matches:
        briefing = library.get(match.briefing_id)
        if briefing is None:  # its file went bad since: it was indexed from its part
            continue
        for kind, place in match.hits:
            item = briefing if kind == "briefing" else getattr(briefing, COLLECTION[kind])[place]
            yield Entry(briefing, kind, item)


def _query_of(args: argparse.Namespace) -> str | None:
    """The query given, or the saved view's; None (after saying why) when neither works."""
    from .model.sanitize import sanitize_line
    from .state_cli import load_command_config

    given: str | None = args.query
    if args.view is None:
        if given is None:  # as argparse says it (QUERY is optional only with --view)
            print(
                "briefing search: error: the following arguments are required: QUERY"
                " (or --view NAME)",
                file=sys.stderr,
            )
            raise SystemExit(EXIT_INVALID)
        return given
    if given is not None:  # with --view, every positional argument is a PATH
        args.paths = [Path(given), *args.paths]
    views = load_command_config(args.no_state).views.value
    if args.view not in views:
        known = ", ".join(sanitize_line(name) for name in views) or "none"
        shown = sanitize_line(args.view)
        print(f"briefing: no saved view {shown!r} (views: {known})", file=sys.stderr)
        return None
    return views[args.view]


def _state_of(no_state: bool) -> Callable[[Any], None]:
    """What gives an index the reading state (read only), for ``is:``/``flag:``."""
    from .model.sanitize import sanitize_line
    from .model.state.bits import attach
    from .state_cli import load_command_config, open_reading

    reading = open_reading(load_command_config(no_state), writable=False)
    if reading.state.notice:
        print(f"briefing: {sanitize_line(reading.state.notice)}", file=sys.stderr)

    def prepare(index: Any) -> None:
        attach(index, reading)

    return prepare


def load_library(paths: list[Path]) -> Any:
    from .model import load_library as load_files
    from .model.sanitize import sanitize_line
    from .paths import default_paths

    library = load_files(paths or default_paths(os.environ, Path.cwd()))
    broken = library.broken
    if broken:
        where = sanitize_line(broken[0].path)
        more = f" and {len(broken) - 1} more" if len(broken) > 1 else ""
        print(f"briefing: could not load {where}{more} (see `briefing check`)", file=sys.stderr)
    return library


def _columns(entry: Entry) -> tuple[str, str, str]:
    """(date, label, text) of an entry, as in the files (not yet sanitised)."""
    from .model import Entity, Incident, Quote, Source

    item = entry.item
    if isinstance(item, Incident):
        return (item.when.display() if item.when else ""), item.severity or "", item.title
    if isinstance(item, Quote):
        return (item.said.display() if item.said else ""), item.kind, item.text
    if isinstance(item, Source):
        return (item.published.text if item.published else ""), item.kind, item.title
    if isinstance(item, Entity):
        return "", item.kind, item.name
    return item.date.text, item.status, item.title


def entry_line(entry: Entry) -> str:
    """``ref  date  label  text``, sanitised; a quote's text is cut to QUOTE_WIDTH, at a space
    when there is one in its second half."""
    from .model.sanitize import sanitize_line

    date, label, text = _columns(entry)
    text = sanitize_line(text).strip()
    if entry.kind == "quote" and len(text) > QUOTE_WIDTH:
        cut = text[: QUOTE_WIDTH - 1]
        space = cut.rfind(" ")
        text = (cut[:space] if space > QUOTE_WIDTH // 2 else cut).rstrip() + "…"
    cells = (entry.ref, date or "-", label or "-", text)
    return "  ".join(sanitize_line(cell) for cell in cells)


def entry_json(entry: Entry, path: str | None) -> dict[str, Any]:
    """The JSON object of one entry: where it is, its kind, date, label and full text."""
    date, label, text = _columns(entry)
    label_key = {"incident": "severity", "briefing": "status"}.get(entry.kind, f"{entry.kind}_kind")
    return {
        "ref": entry.ref,
        "briefing": entry.briefing.id,
        "briefing_title": entry.briefing.title,
        "path": path,
        "kind": entry.kind,
        "id": entry.item_id,
        "date": date or None,
        label_key: label or None,
        "text": text,
    }
