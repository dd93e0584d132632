"""Safe YAML reading: bytes in, a node tree with positions out.

Only plain YAML 1.2 data is accepted. libyaml's C parser builds the node tree
(PyYAML >= 6.0.4 stops it at 1,000 levels of nesting); our resolver never turns
a plain scalar into a Python object, so nothing here constructs anything: the
converter (``convert.py``) interprets scalars by the YAML 1.2 core schema, only
where the format expects a number, a boolean or free data.

Rules enforced here: UTF-8 only, a size limit, one document, no tags, no
anchors or aliases, and no character that YAML 1.1 (libyaml) and YAML 1.2 (the
format) read differently: raw NEL, LS and PS end a line for libyaml only, and
libyaml skips a byte order mark at the start of any line. Such a file could show
one ``handling`` to a person and another to the reader, so it is refused.

Positions count lines as the format does: LF, CRLF and CR each end one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import Node

from ..format.problems import Problem
from .limits import Limits

__all__ = ["IMPLICIT", "NODES_PER_CHARACTER", "Limits", "most_nodes", "read_yaml"]

IMPLICIT = "!briefing-implicit"
"""The tag our resolver gives every untagged node; any other tag was written in the file."""

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NodeLoader(_BaseLoader):  # type: ignore[misc]
    """Composes nodes only; resolves nothing.

    libyaml's composer calls these three methods for every node: they do the
    least possible (path resolvers are never used).
    """

    max_nodes = 0
    """Set per file: composing stops after this many nodes (0: no limit)."""
    nodes = 0

    def resolve(self, kind: object, value: object, implicit: object) -> str:
        self.nodes += 1
        if self.nodes > self.max_nodes > 0:
            raise _TooManyNodes
        return IMPLICIT

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class _UncountedLoader(_BaseLoader):  # type: ignore[misc]
    """A ``_NodeLoader`` for a text too short to compose to more nodes than the limit
    (``most_nodes``): nothing to count, so the three calls libyaml's composer makes for
    every node go to functions written in C, which take any arguments and have no
    effect (a Python function each was a sixth of composing a typical briefing)."""

    resolve = IMPLICIT.format  # IMPLICIT itself: it holds no replacement field
    descend_resolver = slice  # (parent, index): a slice, dropped
    ascend_resolver = tuple  # (): the empty tuple


class _TooManyNodes(Exception):
    """Raised from the resolver: the file has more nodes than the limit."""


@dataclass(slots=True)
class ReadResult:
    node: Node | None
    problems: list[Problem] = field(default_factory=list)


# An anchor (&name) or alias (*name) can only start after a blank, a flow
# indicator, the ':' of a flow pair written without a space (`{"a":&x b}`) or the
# start of the text (line starts follow a blank: a line break). A hit sends the
# file to the exact event scan. The pattern starts with its rarest character and
# looks behind, which is three times faster than starting with the alternatives.
_ANCHOR_OR_ALIAS = re.compile(r"[&*](?<=(?<![^\s\[\]{},:])[&*])[^\s\]\[{},]")


_LINE_BREAK = re.compile(r"\r\n?|\n")
"""The line breaks of YAML 1.2 (and of the format): LF, CRLF, CR."""


def text_position(text: str, index: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of ``text[index]``."""
    line, start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column of byte ``offset`` of (possibly invalid) UTF-8 ``data``."""
    before = data[:offset].decode("utf-8", "replace").removeprefix("\ufeff")
    return text_position(before, len(before))


# Characters whose YAML 1.1 reading (libyaml's) differs from the YAML 1.2 one.
# U+FEFF is checked after the file's own leading byte order mark is removed.
_DIFFERENTIAL = re.compile("[\x85\u2028\u2029\ufeff]")


def _has_differential(text: str) -> bool:
    """Whether ``text`` holds a character of ``_DIFFERENTIAL`` (one ``in`` per character
    is a search in C, many times faster than the pattern's)."""
    return "\x85" in text or "\u2028" in text or "\u2029" in text or "\ufeff" in text


_DIFFERENTIAL_NAMES = {
    "\x85": ("NEL (next line, U+0085)", "\\N"),
    "\u2028": ("LS (line separator, U+2028)", "\\L"),
    "\u2029": ("PS (paragraph separator, U+2029)", "\\P"),
}


def _differential_problem(path: str, text: str, index: int) -> Problem:
    line, column = text_position(text, index)
    char = text[index]
    if char == "\ufeff":
        message = (
            "a byte order mark (U+FEFF) is only allowed as the file's first character"
            " (YAML readers disagree on one inside a file); in a double-quoted string"
            " write it as \\uFEFF"
        )
    else:
        name, escape = _DIFFERENTIAL_NAMES[char]
        message = (
            f"a raw {name} is not allowed anywhere in a briefing: YAML 1.1 readers end"
            f" a line there and YAML 1.2 readers do not, so the file would read differently;"
            f" in a double-quoted string write it as {escape}"
        )
    return _problem(path, line, column, message)


def _scan_differential(path: str, text: str, problems: list[Problem]) -> None:
    """Report the first characters YAML 1.1 and YAML 1.2 read differently."""
    for match in _DIFFERENTIAL.finditer(text):
        problems.append(_differential_problem(path, text, match.start()))
        if len(problems) >= 20:
            return


def _problem(path: str, line: int, column: int, message: str) -> Problem:
    return Problem(path, line, column, "error", "", message)


def _decode(path: str, data: bytes, problems: list[Problem]) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and b"\x00" in data[:4]):
        problems.append(
            _problem(path, 1, 1, "the file is UTF-16 or UTF-32; briefings must be UTF-8")
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        bad = data[error.start : error.end].hex(" ")
        problems.append(
            _problem(path, line, column, f"invalid UTF-8 (byte {bad}); briefings must be UTF-8")
        )
        return None
    return text.removeprefix("\ufeff")


def _yaml_problem(path: str, text: str, error: yaml.YAMLError) -> Problem:
    if isinstance(error, yaml.reader.ReaderError):
        # libyaml reports a byte offset into the UTF-8 text it was given.
        line, column = _position(text.encode("utf-8"), error.position)
        message = f"invalid YAML: {error.reason} (character U+{error.character:04X})"
        return _problem(path, line, column, message)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    message = f"{context}: {problem}" if context and problem != context else str(problem)
    if "nesting depth" in message:
        message = "nesting is too deep (more than 1,000 levels)"
    tab = _indenting_tab(text, mark)
    if tab is not None and any(known in message for known in _TAB_MESSAGES):
        message = "tab character in indentation; YAML indents with spaces"
        column = tab + 1
    return _problem(path, line, column, "invalid YAML: " + message)


_TAB_MESSAGES = (
    "cannot start any token",  # a tab-indented line after a key
    "tab character that violates indentation",  # after a line ending in a plain value
    "mapping values are not allowed",  # spaces then a tab: read as the value's continuation
)
"""What libyaml says about a tab in the indentation, depending on the line before."""


def _indenting_tab(text: str, mark: yaml.Mark | None) -> int | None:
    """The column (from 0) of the first tab in the indentation of ``mark``'s line."""
    index = getattr(mark, "index", None)
    if not isinstance(index, int) or not 0 <= index <= len(text):
        return None
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    line = text[start:]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return indent.index("\t") if "\t" in indent else None


def _scan_anchors(path: str, text: str, problems: list[Problem]) -> None:
    """Report every anchor and alias, by parsing events (no nodes are built)."""
    try:
        for event in yaml.parse(text, Loader=_NodeLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is None:
                continue
            mark = event.start_mark
            if mark is None:  # pragma: no cover - libyaml always sets marks
                continue
            what = "aliases (*)" if isinstance(event, yaml.AliasEvent) else "anchors (&)"
            problems.append(
                _problem(
                    path, mark.line + 1, mark.column + 1, f"{what} are not allowed: '{anchor}'"
                )
            )
            if len(problems) >= 20:
                return
    except yaml.YAMLError as error:
        problems.append(_yaml_problem(path, text, error))


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


NODES_PER_CHARACTER = 4
"""No text composes to more than this many nodes per character, plus this many: the
densest known is a lone ``?`` (a mapping, its empty key and its empty value: 3 nodes of
1 character); longer texts stay near 1 per character (``? ? ? ?``: each ``? `` opens a
mapping whose key is the next; ``{?,?}``), since libyaml makes a node only for a
character that starts one (a scalar, ``[``, ``{``, ``-``, ``?``, ``:``, ``,``) and at most
three (a flow pair's mapping, key and value) for each. ``test_loader_limits`` checks it
on every short text of the densest characters and on generated ones."""


def most_nodes(text: str) -> int:
    """The most nodes ``text`` can compose to, by its length alone (``NODES_PER_CHARACTER``)."""
    return (len(text) + 1) * NODES_PER_CHARACTER


def _surely_too_many(text: str, max_nodes: int) -> bool:
    """Whether the file has more than ``max_nodes`` nodes for sure, by counting its parse
    events in C (quick: no Python object is made). Each node is one or two events.

    A text too short to hold that many (``most_nodes``: most briefings, below
    ~50,000 characters at the default limit) is not parsed a second time for it: a
    tenth of a small file's reading. Either way the composer stops at the first node
    over the limit; the count only refuses a file far over it before anything is built."""
    if not max_nodes or most_nodes(text) <= max_nodes:
        return False
    counter = _NodeLoader(text)
    try:
        events: int = counter.raw_parse()
    except yaml.YAMLError:
        return False  # composing reports the error
    finally:
        counter.dispose()
    return (events - 4) // 2 > max_nodes


def _node_position(text: str, number: int) -> tuple[int, int]:
    """Where the ``number``-th node starts (1-based line and column)."""
    seen = 0
    for event in yaml.parse(text, Loader=_NodeLoader):
        if isinstance(event, _NODE_EVENTS):
            seen += 1
            if seen >= number and event.start_mark is not None:
                return event.start_mark.line + 1, event.start_mark.column + 1
    return 1, 1  # pragma: no cover - the composer saw that many nodes


def read_yaml(path: str, data: bytes, limits: Limits) -> ReadResult:
    """Check the byte-level rules, then compose the single document's nodes."""
    result = ReadResult(None)
    if len(data) > limits.max_bytes:
        result.problems.append(
            _problem(
                path,
                1,
                1,
                f"the file is {len(data):,} bytes; the limit is {limits.max_bytes:,}",
            )
        )
        return result
    text = _decode(path, data, result.problems)
    if text is None:
        return result
    if _has_differential(text):
        _scan_differential(path, text, result.problems)
        return result
    if ("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(text):
        _scan_anchors(path, text, result.problems)
        if result.problems:
            return result
    if limits.max_nodes and most_nodes(text) > limits.max_nodes:
        loader = _NodeLoader(text)
        loader.max_nodes = limits.max_nodes
    else:
        loader = _UncountedLoader(text)
    try:
        if _surely_too_many(text, limits.max_nodes):
            raise _TooManyNodes
        node = loader.get_single_node()
    except _TooManyNodes:
        line, column = _node_position(text, limits.max_nodes + 1)
        message = f"the file has more than {limits.max_nodes:,} nodes (values, lists and mappings)"
        result.problems.append(_problem(path, line, column, message))
        return result
    except yaml.YAMLError as error:
        result.problems.append(_yaml_problem(path, text, error))
        return result
    except RecursionError:  # only without libyaml: the pure-Python composer recurses
        result.problems.append(_problem(path, 1, 1, "invalid YAML: nesting is too deep"))
        return result
    finally:
        loader.dispose()
    if node is None:
        result.problems.append(_problem(path, 1, 1, "the file is empty; expected a briefing"))
    result.node = node
    return result
