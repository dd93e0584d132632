"""``briefing unread``, ``briefing state merge|clear``, and the reading state for commands.

``briefing unread [PATH...]`` lists the briefings not read yet and those changed since
they were read, one line each (``brf-id  date  unread|updated  title``, sanitised) or
one JSON document, for scripts and login messages; exit 0 when it listed something, 1
when everything is read. It reads the state and never writes it. ``briefing state
merge FILE`` joins another machine's ``state.log`` into this one; ``briefing state
clear`` forgets everything. With ``state = false``, ``--no-state`` or in secure mode
no command reads or writes the state.

Imports only the standard library at module level, like ``cli.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Config
    from .model.state import Reading

__all__ = [
    "add_state_arguments",
    "add_unread_arguments",
    "load_command_config",
    "open_reading",
    "run_state",
    "run_unread",
]

EXIT_OK, EXIT_NONE, EXIT_USAGE = 0, 1, 2


def open_reading(config: Config, *, writable: bool) -> Reading:
    """The session's reading state: on disk when the configuration allows, else in memory.

    A notice about the state file (set aside, not used) is in ``reading.state.notice``.
    """
    from .model.locations import state_dir
    from .model.state import Reading, ReadingState, RecordPolicy, StateStore

    policy = RecordPolicy(max_tlp=config.state_max_tlp.value, levels=config.levels.value)
    if not config.state.value or config.secure.value:
        return Reading(ReadingState(), policy)
    return Reading(StateStore.open(state_dir(os.environ), writable=writable), policy)


def load_command_config(no_state: bool) -> Config:
    """The configuration for a command; exits with status 2 on a configuration error."""
    from .config import CommandLine, ConfigError, load_config
    from .model.sanitize import sanitize_line

    try:
        return load_config(os.environ, CommandLine(no_state=no_state))
    except ConfigError as error:
        print(f"briefing: configuration error: {sanitize_line(str(error))}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


def _say_notice(reading: Reading) -> None:
    from .model.sanitize import sanitize_line

    if reading.state.notice:
        print(f"briefing: {sanitize_line(reading.state.notice)}", file=sys.stderr)


# --- unread ------------------------------------------------------------------------


def add_unread_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", dest="output",
        help="one line per briefing (text), or one JSON document",
    )  # fmt: skip
    parser.add_argument("--no-state", action="store_true", help="ignore the reading state")
    parser.epilog = "exit status: 0 something is unread or updated, 1 everything is read"


def run_unread(args: argparse.Namespace) -> int:
    from .model.sanitize import sanitize_line
    from .search_cli import load_library

    config = load_command_config(args.no_state)
    reading = open_reading(config, writable=False)
    _say_notice(reading)
    library = load_library(args.paths, secure=config.secure.value)
    rows: list[dict[str, str | None]] = []
    for briefing in library.briefings:
        if not reading.is_read(briefing.id):
            state = "unread"
        elif reading.is_updated(briefing):
            state = "updated"
        else:
            continue
        rows.append(
            {
                "id": briefing.id,
                "state": state,
                "date": briefing.date.text,
                "title": briefing.title,
                "path": library.path_of(briefing.id),
            }
        )
    if args.output == "json":
        counts = {name: sum(row["state"] == name for row in rows) for name in ("unread", "updated")}
        document = {**counts, "state_kept": config.state.value, "briefings": rows}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")  # ensure_ascii: inert
    else:
        for row in rows:
            cells = (row["id"], row["date"], row["state"], row["title"])
            print("  ".join(sanitize_line(cell or "-") for cell in cells))
    return EXIT_OK if rows else EXIT_NONE


# --- state merge | clear --------------------------------------------------------------


def add_state_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    merge = actions.add_parser("merge", help="join another machine's state.log into this one")
    merge.add_argument("file", type=Path, metavar="FILE")
    actions.add_parser("clear", help="forget what was read and every flag")
    parser.epilog = (
        "The state is $XDG_STATE_HOME/briefing/state.log (~/.local/state/briefing/). "
        "exit status: 0 done, 1 the file could not be used, 2 bad usage or the state is off"
    )


def run_state(args: argparse.Namespace) -> int:
    from .model.sanitize import sanitize_line
    from .model.state import StateError, StateStore
    from .model.state.store import read_log

    config = load_command_config(no_state=False)
    if not config.state.value:
        print(f"briefing: the state is off ({config.state.source})", file=sys.stderr)
        return EXIT_USAGE
    reading = open_reading(config, writable=True)
    _say_notice(reading)
    store = reading.state
    if not isinstance(store, StateStore) or not store.writable:
        return EXIT_NONE
    if args.action == "clear":
        store.clear()
        print("briefing: reading state cleared")
        return EXIT_OK
    try:
        records = read_log(args.file)
    except StateError as error:
        shown = sanitize_line(str(args.file))
        print(f"briefing: {shown}: not merged: {sanitize_line(str(error))}", file=sys.stderr)
        return EXIT_NONE
    except OSError as error:
        shown = sanitize_line(str(args.file))
        print(f"briefing: {shown}: cannot read: {error.strerror}", file=sys.stderr)
        return EXIT_NONE
    count = store.merge_records(iter(records))
    print(f"briefing: merged the state of {count} briefing{'' if count == 1 else 's'}")
    return EXIT_OK
