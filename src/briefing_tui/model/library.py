"""A library of briefings and the back-links a reader follows.

Ids of sources, quotes and the rest are file-local, so links are kept per
briefing (``BriefingLinks``) and built on first use: a library of thousands of
files pays only for the briefings someone opens.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .loader import FileResult, find_files, load_file
from .problems import Problem
from .types import Briefing, Entity, Incident, Note, Quote, Source
from .yaml_reader import Limits

__all__ = ["BriefingLinks", "Item", "Library", "load_library"]

Item = Source | Entity | Incident | Quote | Note
"""Any object with an id inside a briefing."""


@dataclass(frozen=True, slots=True)
class BriefingLinks:
    """Everything one briefing's objects point at, read backwards."""

    items: dict[str, Item]
    """id -> object."""
    supported_by: dict[str, tuple[str, ...]]
    """quote id -> ids of the incidents it supports."""
    cited_by: dict[str, tuple[str, ...]]
    """source id -> ids of what cites it (incidents, quotes, entities, ``summary``)."""
    appears_in: dict[str, tuple[str, ...]]
    """entity id -> ids of incidents, quotes, entities and notes it appears in."""
    about: dict[str, tuple[str, ...]]
    """any id -> ids of the notes and quotes that are about it."""

    @classmethod
    def build(cls, briefing: Briefing) -> BriefingLinks:
        items: dict[str, Item] = {}
        for collection in (
            briefing.sources, briefing.entities, briefing.incidents, briefing.quotes, briefing.notes
        ):  # fmt: skip
            for item in collection:
                items.setdefault(item.id, item)
        supported: defaultdict[str, list[str]] = defaultdict(list)
        cited: defaultdict[str, list[str]] = defaultdict(list)
        appears: defaultdict[str, list[str]] = defaultdict(list)
        about: defaultdict[str, list[str]] = defaultdict(list)

        def add(table: defaultdict[str, list[str]], key: str, value: str) -> None:
            if value not in table[key]:
                table[key].append(value)

        if not isinstance(briefing.summary, str):
            for source in briefing.summary.sources:
                add(cited, source, "summary")
        for incident in briefing.incidents:
            for quote_id in incident.quotes:
                add(supported, quote_id, incident.id)
            when_sources = incident.when.sources if incident.when else ()
            for source in (*incident.sources, *when_sources):
                add(cited, source, incident.id)
            for actor in incident.actors:
                add(appears, actor.entity, incident.id)
            for location in incident.locations:
                add(appears, location, incident.id)
        for quote in briefing.quotes:
            add(cited, quote.source, quote.id)
            if quote.original_source:
                add(cited, quote.original_source, quote.id)
            if quote.speaker:
                add(appears, quote.speaker, quote.id)
            for target in quote.about:
                add(about, target, quote.id)
        for entity in briefing.entities:
            for source in entity.sources:
                add(cited, source, entity.id)
            if entity.parent:
                add(appears, entity.parent, entity.id)
            for member in entity.members:
                add(appears, member, entity.id)
        for note in briefing.notes:
            for target in note.about:
                add(about, target, note.id)
                if target.startswith("ent-"):
                    add(appears, target, note.id)

        def freeze(table: defaultdict[str, list[str]]) -> dict[str, tuple[str, ...]]:
            return {key: tuple(values) for key, values in table.items()}

        return cls(items, freeze(supported), freeze(cited), freeze(appears), freeze(about))


@dataclass(slots=True)
class Library:
    """Briefings loaded from files, newest first, plus the files that failed."""

    briefings: list[Briefing] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)
    """Every file's outcome, in the order added."""
    _by_id: dict[str, Briefing] = field(default_factory=dict)
    _paths: dict[str, str] = field(default_factory=dict)
    _links: dict[str, BriefingLinks] = field(default_factory=dict)

    @classmethod
    def from_results(cls, results: Iterable[FileResult]) -> Library:
        library = cls()
        library.extend(results)
        return library

    def extend(self, results: Iterable[FileResult]) -> None:
        """Add files' outcomes; keeps briefings sorted newest first."""
        for result in results:
            self._add(result)
        self.briefings.sort(key=lambda b: b.date.sort_key, reverse=True)

    def _add(self, result: FileResult) -> None:
        briefing = result.briefing
        if briefing is not None and briefing.id in self._by_id:
            other = self._paths[briefing.id]
            clash = Problem(
                result.path, 1, 1, "error", "id",
                f"briefing id {briefing.id!r} is already used by {other}; this file is skipped",
            )  # fmt: skip
            result = FileResult(result.path, None, (clash, *result.problems))
            briefing = None
        self.results.append(result)
        if briefing is not None:
            self._by_id[briefing.id] = briefing
            self._paths[briefing.id] = result.path
            self.briefings.append(briefing)

    @property
    def broken(self) -> list[FileResult]:
        """Files that did not load, in the order added."""
        return [result for result in self.results if result.briefing is None]

    def get(self, briefing_id: str) -> Briefing | None:
        return self._by_id.get(briefing_id)

    def path_of(self, briefing_id: str) -> str | None:
        return self._paths.get(briefing_id)

    def links(self, briefing: Briefing) -> BriefingLinks:
        """The back-links of one briefing, built once."""
        links = self._links.get(briefing.id)
        if links is None:
            links = self._links[briefing.id] = BriefingLinks.build(briefing)
        return links

    def __iter__(self) -> Iterator[Briefing]:
        return iter(self.briefings)

    def __len__(self) -> int:
        return len(self.briefings)

    @property
    def incident_count(self) -> int:
        return sum(len(b.incidents) for b in self.briefings)

    @property
    def quote_count(self) -> int:
        return sum(len(b.quotes) for b in self.briefings)


def load_library(paths: Iterable[Path | str], limits: Limits | None = None) -> Library:
    """Load every briefing under ``paths`` in this process, one file after another."""
    results: list[FileResult] = []
    for found in find_files(paths):
        if isinstance(found, Problem):
            results.append(FileResult(found.path, None, (found,)))
        else:
            results.append(load_file(found, limits))
    return Library.from_results(results)
