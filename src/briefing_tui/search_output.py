"""What ``briefing search`` prints of each matching item (``search_cli.py``).

The answer to a query is which items of which briefings match (``BriefingHits``).
:func:`matching_lines` gives each as a :class:`Line`: the header of its briefing (what
the library already holds) and the item alone, decoded from the parse cache's bytes
without the rest of its briefing (``codec.decode_items``): a word found in nearly every
briefing of 20,000 prints a few items of each, and decoding every briefing whole took
most of the command's time. Text from the files is sanitised (``model/sanitize.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import msgspec

from .model import BriefingHeader, Entity, FileResult, Incident, Library, Quote, Source
from .model.loading.codec import decode_items
from .model.sanitize import sanitize_line
from .model.search.chunked import BriefingHits
from .model.search.data import COLLECTION, Kind

__all__ = ["QUOTE_WIDTH", "Line", "entry_json", "entry_line", "matching_lines"]

QUOTE_WIDTH = 80
"""Characters of a quote shown on its line."""
Item = Incident | Quote | Source | Entity | BriefingHeader
"""An item as printed: a briefing is printed from its header."""


class Line(NamedTuple):
    """One matching item: its briefing's header, its kind, and the item (the header
    itself for a briefing)."""

    briefing: BriefingHeader
    kind: Kind
    item: Item

    @property
    def item_id(self) -> str:
        return self.item.id

    @property
    def ref(self) -> str:
        """``brf-id/item-id`` (just ``brf-id`` for a briefing)."""
        if self.kind == "briefing":
            return self.briefing.id
        return f"{self.briefing.id}/{self.item.id}"


def matching_lines(library: Library, matches: list[BriefingHits]) -> Iterator[Line]:
    """The matching items of ``library``, briefing after briefing (only they are decoded)."""
    for match in matches:
        result = library.result(match.briefing_id)
        header = result.header if result is not None else None
        if result is None or header is None:
            continue
        items = _items(library, result, header, match.hits)
        if items is None:  # its file went bad since: it was indexed from its part
            continue
        for (kind, _), item in zip(match.hits, items, strict=True):
            yield Line(header, kind, item)


def _items(
    library: Library, result: FileResult, header: BriefingHeader, hits: tuple[tuple[Kind, int], ...]
) -> list[Item] | None:
    """The items ``hits`` names in the briefing of ``result``: decoded alone from the
    parse cache's bytes when it keeps them; else (or when they are damaged) from the
    briefing, decoded whole; None when it cannot be had."""
    wanted = [(COLLECTION[kind], place) for kind, place in hits if kind != "briefing"]
    if not wanted:
        return [header] * len(hits)
    encoded = result.encoded()
    if encoded is not None:
        try:
            found = iter(decode_items(encoded, wanted))
        except (msgspec.DecodeError, IndexError):
            pass
        else:
            return [header if kind == "briefing" else next(found) for kind, _ in hits]
    briefing = library.get(header.id)
    if briefing is None:
        return None
    return [
        header if kind == "briefing" else getattr(briefing, COLLECTION[kind])[place]
        for kind, place in hits
    ]


def _columns(item: Item) -> tuple[str, str, str]:
    """(date, label, text) of an item, as in the files (not yet sanitised)."""
    if isinstance(item, Incident):
        return (item.when.display() if item.when else ""), item.severity or "", item.title
    if isinstance(item, Quote):
        return (item.said.display() if item.said else ""), item.kind, item.text
    if isinstance(item, Source):
        return (item.published.text if item.published else ""), item.kind, item.title
    if isinstance(item, Entity):
        return "", item.kind, item.name
    return item.date.text, item.status, item.title


def entry_line(line: Line) -> str:
    """``ref  date  label  text``, sanitised; a quote's text is cut to QUOTE_WIDTH, at a space
    when there is one in its second half."""
    date, label, text = _columns(line.item)
    text = sanitize_line(text).strip()
    if line.kind == "quote" and len(text) > QUOTE_WIDTH:
        cut = text[: QUOTE_WIDTH - 1]
        space = cut.rfind(" ")
        text = (cut[:space] if space > QUOTE_WIDTH // 2 else cut).rstrip() + "…"
    return "  ".join(
        (sanitize_line(line.ref), sanitize_line(date or "-"), sanitize_line(label or "-"),
         sanitize_line(text))
    )  # fmt: skip


def entry_json(line: Line, path: str | None) -> dict[str, Any]:
    """The JSON object of one item: where it is, its kind, date, label and full text."""
    date, label, text = _columns(line.item)
    label_key = {"incident": "severity", "briefing": "status"}.get(line.kind, f"{line.kind}_kind")
    return {
        "ref": line.ref,
        "briefing": line.briefing.id,
        "briefing_title": line.briefing.title,
        "path": path,
        "kind": line.kind,
        "id": line.item_id,
        "date": date or None,
        label_key: label or None,
        "text": text,
    }
