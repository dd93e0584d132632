"""``briefing entities`` and ``briefing timeline``: the library's entities and incidents per period.

``briefing entities [QUERY] [PATH...]`` prints one row per entity (merged across briefings
by a shared external id) that the filter concerns: name, kind, briefings, incidents, first
and last date, external ids. ``briefing timeline [QUERY] [PATH...] [--by PERIOD]`` prints
the incidents matching the filter per period (chosen to fit 40 rows unless ``--by``),
with coarser dates, ranges and undated incidents in labelled rows of their own. Both take
``--format text|csv|json``; text is aligned, csv is for spreadsheets. Text from the files
is sanitised. Exit status: 0 something listed, 1 nothing, 2 invalid query or bad usage.

Imports only the standard library at module level, like ``cli.py``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model.search.timeline import Period, TimelineRow

__all__ = [
    "TIMELINE_FIT", "add_entities_arguments", "add_timeline_arguments",
    "run_entities", "run_timeline", "timeline_lines",
]  # fmt: skip

EXIT_LISTED, EXIT_NOTHING, EXIT_INVALID = 0, 1, 2
TIMELINE_FIT = 40
"""Rows a timeline on the command line is chosen to fit in."""
BAR_WIDTH = 20
ENTITY_COLUMNS = ("name", "kind", "briefings", "incidents", "first", "last", "external_ids")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query", nargs="?", default="", metavar="QUERY",
        help="a filter query (default: the whole library); a first argument naming an "
        "existing file or folder is a PATH (write '' as the query before PATHs to be sure)",
    )  # fmt: skip
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    parser.add_argument(
        "--format", choices=("text", "csv", "json"), default="text", dest="output",
        help="aligned text, csv for spreadsheets, or one JSON document",
    )  # fmt: skip
    parser.epilog = (
        "With no PATH, briefings are read from $BRIEFING_PATH, else ./briefings, else the "
        "bundled samples. exit status: 0 something listed, 1 nothing, 2 invalid query or bad usage"
    )


def add_entities_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``briefing entities``."""
    _common(parser)


def add_timeline_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``briefing timeline``."""
    _common(parser)
    parser.add_argument(
        "--by", choices=("week", "month", "quarter", "year"), default=None,
        help=f"the period (default: the finest whose rows fit in {TIMELINE_FIT} lines)",
    )  # fmt: skip
    parser.add_argument(
        "--ascii", action="store_true",
        help="bars of # (automatic on TERM=linux/vt100 and non-UTF-8 locales)",
    )  # fmt: skip


def _search(args: argparse.Namespace) -> tuple[Any, Any, int] | int:
    """(library, search index, the filter's bits), or an exit status for a bad query."""
    from .model.search.query import All, QueryError, parse_query
    from .search_cli import load_library, query_error

    if args.query and Path(args.query).exists():  # `briefing timeline FOLDER`: no query
        args.paths, args.query = [Path(args.query), *args.paths], ""
    try:
        node = parse_query(args.query) if args.query.strip() else All()
    except QueryError as error:
        print(query_error(args.query, error), file=sys.stderr)
        return EXIT_INVALID
    from .state_cli import load_command_config

    secure = load_command_config(no_state=False).secure.value
    library = load_library(args.paths, secure=secure)
    index = library.search_index()  # from the parts kept in the parse cache
    assert index is not None  # nothing cancels it here
    return library, index, index.evaluate(node)


def run_entities(args: argparse.Namespace) -> int:
    """Run ``briefing entities``; returns the exit status."""
    from .model.search.entities import EntityFilter, EntityIndex, group_cells

    found = _search(args)
    if isinstance(found, int):
        return found
    _, index, bits = found
    entities = EntityIndex.from_index(index)
    groups = EntityFilter(index, entities).groups(entities, bits)
    rows = [group_cells(group) for group in groups]
    if args.output == "json":
        items = [
            {**dict(zip(ENTITY_COLUMNS, row, strict=True)), "key": group.key,
             "briefing_ids": list(group.briefing_ids), "external_ids": group.external_ids,
             "briefings": len(group.briefing_ids), "incidents": group.incidents}
            for group, row in zip(groups, rows, strict=True)
        ]  # fmt: skip
        document = {"query": args.query, "count": len(items), "entities": items}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        _write_table(args.output, ENTITY_COLUMNS, rows, right={2, 3})
    return EXIT_LISTED if rows else EXIT_NOTHING


def timeline_lines(rows: list[TimelineRow], unicode: bool = True) -> list[str]:
    """The timeline as aligned lines: the same text the Timeline view shows."""
    from .model.sanitize import sanitize_line
    from .model.search.timeline import row_text

    peak = max((row.count for row in rows), default=0)
    labels = [sanitize_line(row.label) for row in rows]
    width = max(map(len, labels), default=0)
    return [
        f"{label:<{width}}  {row_text(row, peak, BAR_WIDTH, unicode)}".rstrip()
        for label, row in zip(labels, rows, strict=True)
    ]


def run_timeline(args: argparse.Namespace) -> int:
    """Run ``briefing timeline``; returns the exit status."""
    from .config import wants_ascii

    found = _search(args)
    if isinstance(found, int):
        return found
    _, index, bits = found
    timeline = index.timeline()
    period: Period = args.by or timeline.choose_period(bits, TIMELINE_FIT)
    rows = timeline.rows(bits, period)
    if args.output == "json":
        items = [
            {"label": row.label, "kind": row.kind, "count": row.count, "high": row.high,
             "approximate": row.approximate, "query": row.query}
            for row in rows
        ]  # fmt: skip
        document = {"query": args.query, "period": period, "rows": items}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    elif args.output == "csv":
        cells = [(r.label, r.kind, str(r.count), str(r.high), str(r.approximate)) for r in rows]
        _write_table("csv", ("period", "kind", "count", "high", "approximate"), cells, set())
    else:
        unicode = not args.ascii and wants_ascii(os.environ) is None
        lines = timeline_lines(rows, unicode)
        sys.stdout.write("".join(line + "\n" for line in lines))
    return EXIT_LISTED if rows else EXIT_NOTHING


def _write_table(
    output: str, header: tuple[str, ...], rows: Sequence[tuple[str, ...]], right: set[int]
) -> None:
    if output == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        sys.stdout.write(buffer.getvalue())
        return
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    for row in (header, *rows):
        cells = [
            cell.rjust(width) if number in right else cell.ljust(width)
            for number, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")
