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
    from collections.abc import Callable

    from .model import Library
    from .model.marking import MarkingRules
    from .model.search.chunked import BriefingHits
    from .model.search.data import Kind
    from .model.search.index import SearchIndex
    from .model.search.query import Node, QueryError

__all__ = [
    "KIND_CHOICES",
    "add_arguments",
    "end_program",
    "load_library",
    "query_error",
    "run",
]

EXIT_MATCH, EXIT_NO_MATCH, EXIT_INVALID = 0, 1, 2
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
KEPT_STALE = 0.5
"""The share of briefings changed since the reader kept its index above which the parts
answer instead (each changed briefing is indexed again from its part anyway, and the
splice copies the whole index: twice its memory)."""


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


def run(
    args: argparse.Namespace, rules: MarkingRules, *, secure: bool = False,
    whole_program: bool = False,
) -> int:  # fmt: skip
    """Run ``briefing search``; returns the exit status. ``rules``: the site's marking.
    As the ``whole_program`` (``cli.main`` without arguments) it ends the process once
    its output is out (:func:`end_program`), rather than return.

    The query is answered by the index the reader keeps in the parse cache's folder
    (``model/search/stored.py``) when there is one for these paths, only the columns
    the query reads (``model/search/kept_columns.py``), the briefings that changed
    since spliced in (not in ``secure`` mode: reading it marks it used, a write); else
    a few hundred briefings at a time from the parts in the parse cache (the same
    columns: ``model/search/chunked.py``), so that no index of the whole library is
    put together. What is kept of the answer is which items matched; the banner comes from
    the headers of the briefings that matched; then only the matching items of each
    briefing are decoded (``search_output.py``), in turn, and printed.
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
        return _search(args, node, rules, secure, whole_program)
    finally:
        gc.enable()


def _search(
    args: argparse.Namespace, node: Node, rules: MarkingRules, secure: bool, end: bool
) -> int:
    from .model.marking import banner_line
    from .search_output import entry_json, entry_line, matching_lines

    began = time.perf_counter()
    roots = _roots(args.paths)
    library = load_library(roots, secure=secure)
    loaded = time.perf_counter()
    kinds = [kind for name in args.kinds or DEFAULT_KINDS for kind in KIND_CHOICES[name]]
    matches, how, index = _matches(library, None if secure else roots, node, kinds,
                                   args.no_state)  # fmt: skip
    items = sum(len(match.hits) for match in matches)
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
                    **entry_json(line, library.path_of(line.briefing.id)),
                    "banner": banner_line(rules.marking([line.briefing.handling])),
                }
                for line in matching_lines(library, matches)
            ],
        }
        sys.stdout.write(json.dumps(document, indent=2) + "\n")  # ensure_ascii: inert
    elif items:
        write = sys.stdout.write
        write(banner + "\n")
        for line in matching_lines(library, matches):
            write(entry_line(line) + "\n")
        write(banner + "\n")
    if args.timings:
        print(
            f"briefing: loaded {len(library)} briefings in {loaded - began:.3f} s, "
            f"searched {items} items in {searched - loaded:.3f} s ({how}), "
            f"printed in {(time.perf_counter() - searched) * 1000:.1f} ms",
            file=sys.stderr,
        )
    status = EXIT_MATCH if items else EXIT_NO_MATCH
    if end:
        end_program(status, held=(library, index))
    return status


def end_program(status: int, held: object = None) -> None:
    """End the process with ``status`` now, its output flushed and the exit functions
    run, as at any exit, when no other thread runs (else return): without freeing, one
    object at a time, what the search built and still ``held`` (a library's headers, an
    index's columns: 0.2 s at 20,000 briefings). A closed pipe raises ``BrokenPipeError``
    here, as at any write (``cli.main`` handles it)."""
    import atexit
    import threading

    if threading.active_count() > 1:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _matches(
    library: Library, roots: list[Path] | None, node: Node, kinds: list[Kind], no_state: bool
) -> tuple[list[BriefingHits], str, SearchIndex | None]:
    """The briefings with matching items, in library order, how they were found: from
    the ``kept index`` of ``roots`` (``stored.py``; None: not that way), or from the
    ``parts`` a few at a time; and the kept index read (its columns are left to the
    process's end: ``end_program``)."""
    from .model.search.chunked import matching, search_chunks
    from .model.search.index import has_state
    from .model.search.kept_columns import kept_columns
    from .model.search.needs import needs_of
    from .model.search.stored import index_file, kept_index

    prepare = _state_of(no_state) if has_state(node) else None
    needs = needs_of(node)  # the columns the query reads (None: all of them)
    file = index_file(roots) if roots is not None else None
    index = None
    if file is not None:  # mostly changed since kept: the parts cost less than a splice
        entries, load = library.entries, library.get
        if needs is not None:
            index = kept_columns(entries, load, file, needs, most_changed=KEPT_STALE)
        else:
            index = kept_index(entries, load, file, most_changed=KEPT_STALE)
    if index is not None:
        if prepare is not None:
            prepare(index)
        return list(matching(index, node, kinds)), "kept index", index
    sources = [(e.header, e.index_part) for e in library.entries if e.header is not None]
    found = list(search_chunks(sources, library.get, node, kinds, prepare=prepare, needs=needs))
    return found, "parts", None


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


def _roots(paths: list[Path]) -> list[Path]:
    """The files and folders searched: those given, else the default ones."""
    from .paths import default_paths

    return paths or default_paths(os.environ, Path.cwd())


def load_library(paths: list[Path], *, secure: bool) -> Library:
    """The library under ``paths`` (the default ones when empty); the first file that
    does not load is named on stderr. In ``secure`` mode the parse cache is neither read
    (that marks a cache file used) nor written."""
    from .model import load_library as load_files
    from .model.sanitize import sanitize_line

    library = load_files(_roots(paths), use_cache=not secure)
    broken = library.broken
    if broken:
        where = sanitize_line(broken[0].path)
        more = f" and {len(broken) - 1} more" if len(broken) > 1 else ""
        print(f"briefing: could not load {where}{more} (see `briefing check`)", file=sys.stderr)
    return library
