"""The format's rules that span fields: one object's own, and the whole file's ids."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..format.problems import Problem
from ..format.types import COLLECTION_PREFIXES, Briefing, Quote, When
from .scalars import Context

__all__ = ["STRUCT_RULES", "check_references", "check_struct"]

_PREFIX_TO_COLLECTION = {prefix: name for name, prefix in COLLECTION_PREFIXES.items()}
_REFERABLE = frozenset(COLLECTION_PREFIXES) | {"briefing", "id", ""}
"""What an ``any`` reference may point at; an error in one of them hides unresolved ones."""
_SINGULAR = {
    "sources": "source", "entities": "entity", "incidents": "incident",
    "quotes": "quote", "notes": "note", "briefing": "briefing",
}  # fmt: skip


def _quote_rules(quote: Quote) -> Iterator[str]:
    if quote.speaker is None and quote.speaker_label is None:
        yield "a quote needs a speaker (an entity id) or a speaker_label"


def _when_rules(when: When) -> Iterator[str]:
    if when.at is not None and (when.start is not None or when.end is not None):
        yield "use either 'at' or 'start'/'end', not both"
    if when.start is not None and when.end is not None and when.end.end <= when.start.start:
        yield f"'end' ({when.end}) is before 'start' ({when.start})"


STRUCT_RULES: dict[type, Callable[[Any], Iterator[str]]] = {Quote: _quote_rules, When: _when_rules}
"""Rules within one object, by class; each message is an error at the object."""


def check_struct(obj: object) -> Iterator[str]:
    """Rules within one object; each message is an error at the object."""
    rules = STRUCT_RULES.get(type(obj))
    if rules is not None:
        yield from rules(obj)


def _collection_of(identifier: str) -> str | None:
    prefix = identifier.split("-", 1)[0]
    if prefix == "brf":
        return "briefing"
    return _PREFIX_TO_COLLECTION.get(prefix)


def _collection_heads(problems: list[Problem]) -> set[str]:
    """Top-level fields with an error: ``sources[2].title`` -> ``sources``."""
    return {p.field.split(".", 1)[0].split("[", 1)[0] for p in problems if p.severity == "error"}


def check_references(briefing: Briefing | None, ctx: Context) -> None:
    """Ids are unique and in the right collection; every reference resolves.

    Runs on a file with other errors too (``briefing`` is None then), so that all
    of a file's errors are reported at once; it then keeps quiet about references
    into a collection that had errors itself, whose ids may be missing for that
    reason. With a briefing, also warns about unsourced incidents and quotes that
    support nothing.
    """
    suspect = _collection_heads(ctx.problems) if briefing is None else set()
    errored = {(p.line, p.column) for p in ctx.problems if p.severity == "error"}
    defined: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for identifier, node, path in ctx.ids:
        expected = path[0] if path else "briefing"
        collection = _collection_of(identifier)
        mark = node.start_mark
        if (
            collection is not None
            and collection != expected
            and (
                (mark.line + 1, mark.column + 1) not in errored  # not already a bad id
            )
        ):
            ctx.error(
                node, (*path, "id"),
                f"{identifier!r} has the prefix of {_SINGULAR[collection]} ids"
                f" but is in {expected}",
            )  # fmt: skip
        if identifier in defined:
            ctx.error(
                node, (*path, "id"),
                f"duplicate id {identifier!r} (first at line {first_line[identifier]})",
            )  # fmt: skip
            continue
        defined[identifier] = str(expected)
        first_line[identifier] = node.start_mark.line + 1
    for collection, identifier, node, path in ctx.refs:
        found = defined.get(identifier)
        if found is None:
            if collection in suspect or (collection == "any" and suspect & _REFERABLE):
                continue
            ctx.error(node, path, f"{identifier!r} does not match any id in this file")
        elif collection != "any" and found != collection:
            ctx.error(
                node, path,
                f"{identifier!r} is {_SINGULAR[found]}, but a {_SINGULAR[collection]} is expected",
            )  # fmt: skip
    if briefing is not None:
        _warn_unsupported(briefing, ctx)


def _warn_unsupported(briefing: Briefing, ctx: Context) -> None:
    nodes = {identifier: (node, path) for identifier, node, path in ctx.ids}
    cited: set[str] = set()
    if not isinstance(briefing.summary, str):
        cited.update(briefing.summary.quotes)
    for incident in briefing.incidents:
        cited.update(incident.quotes)
        if incident.unsourced and incident.id in nodes:
            node, path = nodes[incident.id]
            ctx.note(node, path, f"incident {incident.id!r} is unsourced (no sources or quotes)")
    for quote in briefing.quotes:
        if quote.id not in cited and quote.id in nodes:
            node, path = nodes[quote.id]
            ctx.note(node, path, f"quote {quote.id!r} supports no incident and not the summary")
