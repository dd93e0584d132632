"""``briefing import stix|misp FILE...``: briefings in; ``briefing export stix``: a bundle out.

Every file ``import`` writes is first loaded back with the reader's own loader and must
pass it strictly (no warning, no error). ``export`` marks the bundle with the briefing's
marking as the site's rules compute it, and names that banner on standard error. In
secure mode neither writes a file: only ``-o -``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Briefing
    from .model.marking import MarkingRules

__all__ = ["add_export_arguments", "add_import_arguments", "run_export", "run_import"]

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
        "identity": "identities",
        "marking-definition": "marking definitions",
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
    from .interchange.yaml_output import split_briefing, verbatim_problem
    from .model import load_bytes
    from .model.sanitize import sanitize_line

    if args.format == "misp":
        from .interchange.misp_import import import_misp as reader
    else:
        from .interchange.stix_import import import_stix as reader
    to_stdout = args.output == "-"
    if not to_stdout and _secure(args):  # standard output is allowed whatever the mode
        print("briefing import: secure mode writes nothing; use -o -", file=sys.stderr)
        return 2
    imported: Counter[str] = Counter()
    left_out: Counter[str] = Counter()
    status = 0
    outputs: list[tuple[str, str]] = []
    for file in args.files:
        name = str(file)
        try:
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
            head, extensions = split_briefing(briefing.data)
            text = head + extensions
            check = load_bytes(f"{briefing.id}.yaml", head.encode("utf-8"))
            verbatim = verbatim_problem(briefing.data, len(text.encode("utf-8")))
            if check.briefing is None or check.problems or verbatim:
                for problem in check.problems:
                    print(f"briefing import: {sanitize_line(problem.format())}", file=sys.stderr)
                if verbatim:
                    where = f"{briefing.id}.yaml: extensions"
                    print(f"briefing import: {sanitize_line(where)}: {verbatim}", file=sys.stderr)
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


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("format", choices=("stix",), help="a STIX 2.1 bundle")
    parser.add_argument(
        "target", metavar="FILE_OR_ID", help="a briefing file, a brf- id, or - for standard input"
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, default=[], metavar="PATH", help="where to look for an id"
    )
    parser.add_argument(
        "-o", "--output", default="-", metavar="FILE",
        help="the file to write the bundle to (default: - for standard output)",
    )  # fmt: skip
    parser.add_argument(
        "--secure", action="store_true",
        help="write nothing to disk: only -o - is allowed (also BRIEFING_SECURE=1)",
    )  # fmt: skip
    parser.epilog = (
        "The bundle is marked with the briefing's TLP and banner as the site's [marking] "
        "rules show them, never lower. exit status: 0 written, 1 not found or not loadable, "
        "2 bad usage or a write refused by secure mode"
    )


def run_export(
    args: argparse.Namespace,
    rules: MarkingRules,
    find: Callable[[str, list[Path]], Briefing | None],
) -> int:
    """Export the briefing ``args.target`` names; ``find`` loads it (saying why if it cannot)."""
    import json

    from .interchange.stix_export import export_stix
    from .model.marking import MarkingRules, banner_line
    from .model.sanitize import sanitize_line

    to_stdout = args.output == "-"
    if not to_stdout and _secure(args):
        print("briefing export: secure mode writes nothing; use -o -", file=sys.stderr)
        return 2
    briefing = find(args.target, args.paths)
    if briefing is None:
        return 1
    marking = rules.marking([briefing.handling])
    bundle = export_stix(briefing, marking, MarkingRules().marking([briefing.handling]))
    text = json.dumps(bundle, indent=2, ensure_ascii=True) + "\n"  # controls stay escaped
    if to_stdout:
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    kinds = Counter(obj["type"] for obj in bundle["objects"])
    counted = ", ".join(
        _plural(kinds[kind], kind) for kind in ("report", "incident", "identity", "location",
                                                "note", "relationship", "marking-definition")
        if kinds[kind]
    )  # fmt: skip
    where = "standard output" if to_stdout else sanitize_line(args.output)
    print(
        f"briefing export: {banner_line(marking)}: {sanitize_line(briefing.id)} -> {where}:"
        f" {counted}",
        file=sys.stderr,
    )
    return 0
