"""``briefing import stix FILE... [-o DIR | -] [--tlp LEVEL]``: STIX 2.1 in, briefing YAML out.

Every file written is first loaded back with the reader's own loader and must pass it
strictly (no warning, no error). In secure mode nothing is written: only ``-o -``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

__all__ = ["add_import_arguments", "run_import"]

_TLP_CHOICES = ("clear", "green", "amber", "amber+strict", "red")
_PANELESS = "not imported (no pane for them)"


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "format", choices=("stix", "misp"), help="STIX 2.1 bundles or MISP event exports"
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "-o", "--output", default=".", metavar="DIR",
        help="folder to write <id>.yaml files in (default: .), or - for standard output",
    )  # fmt: skip
    parser.add_argument(
        "--tlp", choices=_TLP_CHOICES, type=str.lower,
        help="TLP for a file with no marking or an unknown one; markings only ever rise",
    )  # fmt: skip
    parser.add_argument(
        "--secure", action="store_true",
        help="write nothing to disk: only -o - is allowed (also BRIEFING_SECURE=1)",
    )  # fmt: skip


def _secure(args: argparse.Namespace) -> bool:
    from .config import CommandLine, ConfigError, load_config

    try:
        return load_config(os.environ, CommandLine(secure=args.secure)).secure.value
    except ConfigError:
        return True  # a broken configuration must not turn secure mode off


def _plural(count: int, word: str) -> str:
    plurals = {
        "entity": "entities",
        "malware": "malware",
        "observed-data": "observed-data",
        "course-of-action": "courses-of-action",
    }
    return f"{count} {word if count == 1 else plurals.get(word, word + 's')}"


def summary_line(imported: Counter[str], left_out: Counter[str]) -> str:
    """``2 briefings, 14 incidents, 9 entities; 35 indicators ... not imported (...)``."""
    done = ", ".join(
        _plural(imported[word], word) for word in ("briefing", "incident", "entity", "note")
        if imported[word] or word == "briefing"
    )  # fmt: skip
    if not left_out:
        return done
    rest = [_plural(count, kind) for kind, count in sorted(left_out.items())]
    listed = ", ".join(rest[:-1]) + " and " + rest[-1] if len(rest) > 1 else rest[0]
    return f"{done}; {listed} {_PANELESS}"


def run_import(args: argparse.Namespace) -> int:
    from .interchange.json_input import InterchangeError, read_json
    from .interchange.misp_import import import_misp
    from .interchange.stix_import import import_stix
    from .interchange.yaml_output import dump_briefing
    from .model import load_bytes
    from .model.sanitize import sanitize_line

    to_stdout = args.output == "-"
    if _secure(args) and not to_stdout:
        print("briefing import: secure mode writes nothing; use -o -", file=sys.stderr)
        return 2
    imported: Counter[str] = Counter()
    left_out: Counter[str] = Counter()
    status = 0
    outputs: list[tuple[str, str]] = []
    for file in args.files:
        name = str(file)
        try:
            reader = import_misp if args.format == "misp" else import_stix
            result = reader(name, read_json(name, file.read_bytes()), args.tlp)
        except OSError as error:
            print(f"briefing import: {sanitize_line(name)}: {error.strerror}", file=sys.stderr)
            status = 1
            continue
        except InterchangeError as error:
            print(f"briefing import: {sanitize_line(str(error))}", file=sys.stderr)
            status = 1
            continue
        for warning in result.warnings:
            print(f"briefing import: warning: {sanitize_line(warning)}", file=sys.stderr)
        for briefing in result.briefings:
            text = dump_briefing(briefing.data)
            check = load_bytes(f"{briefing.id}.yaml", text.encode("utf-8"))
            if check.briefing is None or check.problems:
                for problem in check.problems:
                    print(f"briefing import: {sanitize_line(problem.format())}", file=sys.stderr)
                status = 1
                continue
            outputs.append((briefing.id, text))
        imported += result.imported
        left_out += result.left_out
    for identifier, text in outputs:
        if to_stdout:
            sys.stdout.write(("---\n" if len(outputs) > 1 else "") + text)
        else:
            folder = Path(args.output)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{identifier}.yaml").write_text(text, encoding="utf-8")
    print(f"briefing import: {summary_line(imported, left_out)}", file=sys.stderr)
    return status
