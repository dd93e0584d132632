"""The ``briefing`` command: open the reader, or check, show or describe briefings.

``briefing [--mouse] [PATH...]`` opens the reader; ``briefing COMMAND ...`` runs a
command from ``COMMANDS``. The first argument decides: when it is a command name
it is the command, anything else is a path for the reader (a folder literally
named ``check`` is given as ``./check``).

Start-up is kept fast: this module imports only the standard library, and each
command imports what it needs when it runs (Textual only for the reader).

Adding a command: write ``_add_NAME_arguments(parser)`` and ``_run_NAME(args)``
and register both in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .paths import default_paths

if TYPE_CHECKING:
    from .config import Config
    from .model import Briefing, FileResult
    from .model.marking import MarkingRules

__all__ = ["COMMANDS", "Command", "main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
"""A file has errors, or what was asked for could not be found or loaded."""
EXIT_USAGE = 2
"""Bad command line (argparse's own code)."""
STDIN = Path("-")
"""The path that means standard input (``check -``, ``show -``)."""


@dataclass(frozen=True, slots=True)
class Command:
    """One subcommand: its one-line help, its arguments and what it does."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None) -> int:
    """Run ``briefing`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit status.

    Without ``argv`` it runs as the program itself, and a command may end the process
    once its output is out rather than return (``briefing search``: ``end_program``)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        mistyped = _mistyped_command(args[0]) if args else None
        if mistyped is not None:
            from .model.sanitize import sanitize_line

            shown = sanitize_line(args[0])
            print(
                f"briefing: no command or path {shown!r}; did you mean {mistyped}?",
                file=sys.stderr,
            )
            return EXIT_USAGE
        if args and args[0] in COMMANDS:
            command = COMMANDS[args[0]]
            parser = argparse.ArgumentParser(prog=f"briefing {args[0]}", description=command.help)
            command.add_arguments(parser)
            options = parser.parse_args(args[1:])
            options.whole_program = argv is None  # see ``search_cli.end_program``
            return command.run(options)
        return _run_reader(_reader_parser().parse_args(args))
    except BrokenPipeError:  # the reader of our output went away (`| head`)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except _ConfigExit as error:
        from .model.sanitize import sanitize_line

        print(f"briefing: configuration error: {sanitize_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE


def _mistyped_command(first: str) -> str | None:
    """The command ``first`` is one edit away from, when it is neither a command nor an
    existing path (``briefing chek briefings``); None otherwise."""
    if first in COMMANDS or first.startswith("-") or os.path.lexists(first):
        return None
    return next((name for name in COMMANDS if _one_edit_apart(first, name)), None)


def _one_edit_apart(typed: str, name: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped."""
    if abs(len(typed) - len(name)) > 1 or typed == name:
        return False
    start = 0
    while start < min(len(typed), len(name)) and typed[start] == name[start]:
        start += 1
    a, b = typed[start:], name[start:]
    return (
        a[1:] == b[1:]
        or a[1:] == b
        or a == b[1:]
        or (len(a) >= 2 and a[0] == b[1:2] and a[1] == b[0] and a[2:] == b[2:])
    )


# --- the reader (no command) -------------------------------------------------------


def _reader_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  {name:<8} {command.help}" for name, command in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="A keyboard-first terminal reader for structured, sourced briefings.",
        epilog=(
            f"commands (each has --help):\n{commands}\n\n"
            f"With no PATH, briefings are read from $BRIEFING_PATH (separated by '{os.pathsep}'),\n"
            "else ./briefings, else the bundled samples. A folder named like a command\n"
            "is given as ./NAME."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    parser.add_argument("--mouse", action="store_true", help="enable mouse support")
    parser.add_argument(
        "--no-cache", action="store_true",
        help="parse every file again: neither read nor write the parse cache",
    )  # fmt: skip
    parser.add_argument(
        "--no-state", action="store_true",
        help="keep what was read in memory only: neither read nor write the reading state",
    )  # fmt: skip
    _add_terminal_arguments(parser)
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    return parser


def _add_terminal_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--secure", action="store_true",
        help="write nothing to disk, never touch the clipboard (also BRIEFING_SECURE=1)",
    )  # fmt: skip
    parser.add_argument(
        "--ascii", action="store_true", default=None,
        help="draw with ASCII only (automatic on TERM=linux/vt100 and non-UTF-8 locales)",
    )  # fmt: skip
    parser.add_argument(
        "--color", choices=("auto", "never", "always"),
        help="colour: auto follows NO_COLOR (default), never is monochrome",
    )  # fmt: skip
    parser.add_argument(
        "--linear", action="store_true",
        help="for screen readers: one pane at a time, no borders, rows as sentences "
        "(also BRIEFING_LINEAR=1)",
    )  # fmt: skip


def _load_config(args: argparse.Namespace) -> Config:
    """The effective configuration; a config error ends the program with status 2."""
    from .config import CommandLine, ConfigError, load_config, python_coerced_c_locale

    cli = CommandLine(
        secure=getattr(args, "secure", False),
        ascii=getattr(args, "ascii", None),
        color=getattr(args, "color", None),
        mouse=getattr(args, "mouse", None),
        linear=getattr(args, "linear", False),
        no_state=getattr(args, "no_state", False),
    )
    try:
        return load_config(os.environ, cli, c_locale_coerced=python_coerced_c_locale())
    except ConfigError as error:
        raise _ConfigExit(str(error)) from None


def _marking_rules(args: argparse.Namespace) -> MarkingRules:
    """The configured floor and levels: every banner printed follows them, as in the reader."""
    from .config import marking_rules

    return marking_rules(_load_config(args))


class _ConfigExit(Exception):
    """A configuration error: printed (sanitised) and exit status 2, never a traceback."""


def _run_reader(args: argparse.Namespace) -> int:
    import gc

    # Start-up makes objects that nearly all live as long as the reader: no cycle
    # collection until the first frame is drawn (the app turns it on again then,
    # ``BriefingApp.on_ready``); about a tenth of a first paint otherwise.
    gc.disable()
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(UI_SWITCH_INTERVAL)
    try:
        from .app import run_app
        from .config import ConfigError
        from .paths import ENV_VAR

        config = _load_config(args)
        paths: list[Path] = args.paths
        if not paths and config.paths.value and not os.environ.get(ENV_VAR):
            paths = list(config.paths.value)
        if not paths:
            paths = default_paths(os.environ, Path.cwd())
        try:
            status = run_app(
                paths, mouse=config.mouse.value, config=config, use_cache=not args.no_cache
            )
        except ConfigError as error:  # a theme or keymap entry the reader cannot use
            raise _ConfigExit(str(error)) from None
    finally:
        gc.enable()  # when the reader ended before its first frame
        sys.setswitchinterval(switch_interval)
    _end_quickly(status)
    return status


def _end_quickly(status: int) -> None:
    """Quitting ends the program within a second, whatever still runs: a thread parsing a
    big file cannot be interrupted and would keep the process alive until the parse
    ends. The loader, told to stop, closes its worker processes: that gets up to
    ``QUIT_GRACE``; then any worker left is killed, the exit functions run (as at any
    exit) and the process ends without waiting for threads. The screen is already restored.

    Whatever remains is frozen out of the cycle collector first: Python's last collection
    at exit walks every object still alive (a big briefing's, Textual's), which took 1.5
    to 2 s under load after the reader had closed; nothing runs after it that needs it."""
    import atexit
    import gc
    import threading
    import time

    from .model.loading.workers import kill_open_pools, pools_open

    deadline = time.monotonic() + QUIT_GRACE
    while pools_open() and time.monotonic() < deadline:
        time.sleep(0.01)  # the loader is stopping its worker processes
    gc.freeze()
    main = threading.main_thread()
    if any(t.is_alive() and not t.daemon and t is not main for t in threading.enumerate()):
        kill_open_pools()  # no worker outlives the reader
        atexit._run_exitfuncs()  # what a normal exit runs, without waiting for the threads
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


UI_SWITCH_INTERVAL = 0.0005
"""Seconds a thread runs Python before the UI's thread may take the GIL (Python's default
is 0.005). The loading and indexing threads run pure Python for long stretches, and the
UI thread, which lets the GIL go at every read and write of the terminal, waited up to
the whole interval each time it wanted it back: `q` while a 190,000-tag briefing was
indexed took 0.7 to 1 s to end the reader, 0.4 to 0.5 s with this (a loaded machine)."""

QUIT_GRACE = 0.5
"""Seconds the loader's worker processes get to be stopped at quit."""


# --- check -------------------------------------------------------------------------


def _add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", dest="output",
        help="one line per problem and a summary (text), or one JSON document",
    )  # fmt: skip
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH",
        help="files or folders; - reads one briefing from standard input",
    )  # fmt: skip
    parser.epilog = "exit status: 0 no errors, 1 a file has errors, 2 bad usage"


def _run_check(args: argparse.Namespace) -> int:
    import json

    from .model import Library, Problem, load_library
    from .model.loading.loader import load_standard_input

    paths: list[Path] = args.paths
    piped = [load_standard_input()] if STDIN in paths else []
    secure = _load_config(args).secure.value  # no parse cache read or written
    files = [path for path in paths if path != STDIN]
    loaded = load_library(files, in_file_order=True, use_cache=not secure)
    library = Library.from_results([*piped, *loaded.results])  # in file order: stable output
    strict: bool = args.strict
    report: list[tuple[str, list[Problem]]] = [
        (result.path, [problem.as_warning_or_error(strict) for problem in result.problems])
        for result in library.results
    ]
    problems = [problem for _, found in report for problem in found]
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = sum(problem.severity == "warning" for problem in problems)
    notes = len(problems) - errors - warnings
    failed = sum(any(p.severity == "error" for p in found) for _, found in report)
    if args.output == "json":
        document = {
            "files": [
                {
                    "path": path,
                    "ok": not any(p.severity == "error" for p in found),
                    "problems": [
                        {
                            "line": p.line,
                            "column": p.column,
                            "severity": p.severity,
                            "field": p.field,
                            "message": p.message,
                        }
                        for p in found
                    ],
                }
                for path, found in report
            ],
            "errors": errors,
            "warnings": warnings,
            "notes": notes,
        }
        print(json.dumps(document, indent=2))  # ensure_ascii: controls are escaped
    else:
        for problem in problems:
            print(problem.format())
        print(
            f"checked {_count(len(report), 'file')}: {failed} with errors, "
            f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
            + (f", {_count(notes, 'note')}" if notes else "")
        )
    return EXIT_PROBLEMS if failed else EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --- show --------------------------------------------------------------------------


def _add_show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target", metavar="FILE_OR_ID",
        help="a briefing file, a brf- id, or - for standard input",
    )  # fmt: skip
    parser.add_argument(
        "paths", nargs="*", type=Path, default=[], metavar="PATH", help="where to look for an id"
    )
    parser.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", dest="output",
        help="plain text (default), Markdown, or the briefing as JSON",
    )  # fmt: skip
    parser.add_argument(
        "--width", type=_width, metavar="N",
        help="wrap text to N columns (default: the terminal's width, or 80 in a pipe)",
    )  # fmt: skip
    parser.add_argument(
        "--plain", action="store_true",
        help="text for screen readers and braille: headings as words, no rules or marks",
    )  # fmt: skip
    parser.epilog = (
        "An id is looked up in the PATHs, else in $BRIEFING_PATH, ./briefings or the samples. "
        "exit status: 0 shown, 1 not found or not loadable, 2 bad usage"
    )


def _width(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"the width must be a number of columns, not {text!r}"
        ) from None
    if value < 20:
        raise argparse.ArgumentTypeError("the width must be at least 20")
    return value


def _run_show(args: argparse.Namespace) -> int:
    from .export import render

    briefing = _target_briefing(args.target, args.paths)
    if briefing is None:
        return EXIT_PROBLEMS
    width = args.width or (_terminal_width() if sys.stdout.isatty() else 80)
    rules = _marking_rules(args)
    sys.stdout.write(render(briefing, args.output, width, rules, plain=args.plain))
    return EXIT_OK


def _target_briefing(target_text: str, paths: list[Path]) -> Briefing | None:
    """The briefing a FILE_OR_ID argument (``-``: standard input) names; says why if none."""
    from .model import load_file
    from .model.loading.loader import load_standard_input

    target = Path(target_text)
    if target_text == "-" or target.is_file() or not target_text.startswith("brf-"):
        result = load_standard_input() if target_text == "-" else load_file(target)
        for problem in [] if result.briefing else result.problems:
            print(problem.format(), file=sys.stderr)
        return result.briefing
    return _find_briefing(target_text, paths or default_paths(os.environ, Path.cwd()))


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size().columns


def _find_briefing(briefing_id: str, paths: list[Path]) -> Briefing | None:
    """The briefing with ``briefing_id`` under ``paths``; says why on stderr if none.

    Only files whose bytes contain the id are parsed, so a large library costs one
    read per file.
    """
    import re

    from .model import Library, load_file
    from .model.loading.stream import discover
    from .model.sanitize import sanitize_line

    files = [Path(file) for file in discover(paths)[0]]
    needle = briefing_id.encode()
    declares = re.compile(
        rb"^id:[ \t]*['\"]?" + re.escape(needle) + rb"['\"]?[ \t]*(#.*)?\r?$", re.M
    )
    results: list[FileResult] = []
    own: set[str] = set()  # files that declare the id (rather than link to it)
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if needle in data:
            results.append(load_file(path))
            if declares.search(data):
                own.add(str(path))
    briefing = Library.from_results(results).get(briefing_id)
    if briefing is None:
        for result in results:
            if result.path in own:
                for problem in result.errors:
                    print(problem.format(), file=sys.stderr)
        where = ", ".join(sanitize_line(str(path)) for path in paths)
        shown = sanitize_line(briefing_id)
        print(f"briefing: no loadable briefing with id {shown} in {where}", file=sys.stderr)
    return briefing


# --- read --------------------------------------------------------------------------


def _add_read_arguments(parser: argparse.ArgumentParser) -> None:
    from .teletype import add_arguments

    add_arguments(parser)


def _run_read(args: argparse.Namespace) -> int:
    from .teletype import Teletype, run_session

    if args.target == "-":  # standard input is where the commands come from
        print("briefing read: give a file or an id, not -", file=sys.stderr)
        return EXIT_USAGE
    briefing = _target_briefing(args.target, [Path(path) for path in args.paths])
    if briefing is None:
        return EXIT_PROBLEMS
    width = max(args.width or (_terminal_width() if sys.stdout.isatty() else 80), 20)
    marking = _marking_rules(args).marking([briefing.handling])
    run_session(Teletype(briefing, width, marking), sys.stdin, sys.stdout)
    return EXIT_OK


# --- config ------------------------------------------------------------------------


def _add_config_arguments(parser: argparse.ArgumentParser) -> None:
    _add_terminal_arguments(parser)
    parser.epilog = (
        "The file is $XDG_CONFIG_HOME/briefing/config.toml (~/.config/briefing/config.toml),"
        " or $BRIEFING_CONFIG. exit status: 0 shown, 2 the configuration has an error"
    )


def _run_config(args: argparse.Namespace) -> int:
    from .config import ConfigError, describe
    from .keymap_check import check_config

    config = _load_config(args)
    try:
        check_config(config)  # what the reader would refuse: exit 2 here too
    except ConfigError as error:
        raise _ConfigExit(str(error)) from None
    sys.stdout.write(describe(config))
    return EXIT_OK


# --- search ------------------------------------------------------------------------


def _add_search_arguments(parser: argparse.ArgumentParser) -> None:
    from .search_cli import add_arguments

    add_arguments(parser)


def _run_search(args: argparse.Namespace) -> int:
    from .config import marking_rules
    from .search_cli import run

    config = _load_config(args)
    return run(args, marking_rules(config), secure=config.secure.value,
               whole_program=args.whole_program)  # fmt: skip


# --- unread, state (state_cli.py) ------------------------------------------------------


def _add_unread_arguments(parser: argparse.ArgumentParser) -> None:
    from .state_cli import add_unread_arguments

    add_unread_arguments(parser)


def _run_unread(args: argparse.Namespace) -> int:
    from .state_cli import run_unread

    return run_unread(args)


def _add_state_arguments(parser: argparse.ArgumentParser) -> None:
    from .state_cli import add_state_arguments

    add_state_arguments(parser)


def _run_state(args: argparse.Namespace) -> int:
    from .state_cli import run_state

    return run_state(args)


# --- entities, timeline (cli_across.py) ----------------------------------------------


def _add_entities_arguments(parser: argparse.ArgumentParser) -> None:
    from .cli_across import add_entities_arguments

    add_entities_arguments(parser)


def _run_entities(args: argparse.Namespace) -> int:
    from .cli_across import run_entities

    return run_entities(args)


def _add_timeline_arguments(parser: argparse.ArgumentParser) -> None:
    from .cli_across import add_timeline_arguments

    add_timeline_arguments(parser)


def _run_timeline(args: argparse.Namespace) -> int:
    from .cli_across import run_timeline

    return run_timeline(args)


# --- schema ------------------------------------------------------------------------


def _add_schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = "Editors using the YAML language server can load it: see docs/format.md."


def _run_schema(args: argparse.Namespace) -> int:
    import json

    from .model.format.schema import json_schema

    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK


def _add_import_arguments(parser: argparse.ArgumentParser) -> None:
    from .cli_interchange import add_import_arguments

    add_import_arguments(parser)


def _run_import(args: argparse.Namespace) -> int:
    from .cli_interchange import run_import

    return run_import(args)


def _add_export_arguments(parser: argparse.ArgumentParser) -> None:
    from .cli_interchange import add_export_arguments

    add_export_arguments(parser)


def _run_export(args: argparse.Namespace) -> int:
    from .cli_interchange import run_export

    return run_export(args, _marking_rules(args), _target_briefing)


COMMANDS: dict[str, Command] = {
    "check": Command(
        "check briefing files and report every problem", _add_check_arguments, _run_check
    ),
    "show": Command("print one briefing as text, Markdown or JSON", _add_show_arguments, _run_show),
    "read": Command(
        "read one briefing line by line (screen readers, braille, pipes)",
        _add_read_arguments,
        _run_read,
    ),
    "search": Command(
        "print the items matching a filter query", _add_search_arguments, _run_search
    ),
    "unread": Command(
        "list unread briefings and those changed since read", _add_unread_arguments, _run_unread
    ),
    "state": Command(
        "merge another machine's reading state, or clear it", _add_state_arguments, _run_state
    ),
    "entities": Command(
        "print the entities across the library", _add_entities_arguments, _run_entities
    ),
    "timeline": Command("print the incidents per period", _add_timeline_arguments, _run_timeline),
    "schema": Command("print the JSON Schema of the format", _add_schema_arguments, _run_schema),
    "config": Command(
        "print the effective configuration and where each value came from",
        _add_config_arguments,
        _run_config,
    ),
    "import": Command(
        "turn STIX 2.1 bundles or MISP events into briefing files",
        _add_import_arguments,
        _run_import,
    ),
    "export": Command(
        "write one briefing as a STIX 2.1 bundle", _add_export_arguments, _run_export
    ),
}
"""Subcommand name -> its parser builder and its function."""
