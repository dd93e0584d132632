"""The briefing format (`briefing/v1`) as immutable typed objects.

These class definitions are the single source of truth: the loader converts YAML
into them field by field (``convert.py``) and the JSON Schema is generated from
them (``schema.py``). Constraints ride along as ``Annotated`` metadata:
``Constraint`` for patterns and bounds (checked by the loader, not re-checked by
msgspec when it decodes the parse cache), ``Ref`` for ids that must resolve to an
object of a given collection, and ``Shorthand`` for a mapping that may also be
written as a single scalar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from .dates import PartialDate

__all__ = [
    "COLLECTION_PREFIXES",
    "EXTERNAL_ID_SCHEMES",
    "TLP_ORDER",
    "Actor",
    "Author",
    "Briefing",
    "Constraint",
    "Entity",
    "ExternalIdRules",
    "Handling",
    "Incident",
    "Note",
    "Quote",
    "Ref",
    "Shorthand",
    "Source",
    "Summary",
    "When",
]


@dataclass(frozen=True, slots=True)
class Ref:
    """Marks an id that must resolve to an object of ``collection`` (or ``any``)."""

    collection: str


@dataclass(frozen=True, slots=True)
class Shorthand:
    """A mapping that may be written as one scalar, meaning ``{field: scalar}``."""

    field: str


@dataclass(frozen=True, slots=True)
class Constraint:
    """A pattern or bound the loader checks and the JSON Schema states.

    Unlike ``msgspec.Meta``, msgspec does not check it again when it decodes the
    parse cache (which holds only what the loader already validated): that
    re-check was about 40% of a warm start's decoding.
    """

    pattern: str | None = None
    ge: int | None = None
    le: int | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class ExternalIdRules:
    """Marks an ``external_ids`` mapping: scheme -> one id string.

    ``known`` gives each known scheme's pattern and a description of its form; any
    other scheme must match ``other_scheme`` (``x-`` then a slug).
    """

    known: tuple[tuple[str, str, str], ...]
    other_scheme: str
    other_description: str


def _ci(word: str) -> str:
    """A case-insensitive regex for ``word`` usable in Python and JSON Schema."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else "\\" + c for c in word)


COLLECTION_PREFIXES: dict[str, str] = {
    "sources": "src",
    "entities": "ent",
    "incidents": "inc",
    "quotes": "q",
    "notes": "note",
}
"""Collection name -> id prefix."""

_SLUG = "[a-z0-9][a-z0-9._-]*"
TLP_ORDER = ("clear", "green", "amber", "amber+strict", "red")
"""TLP 2.0 labels from least to most restrictive."""


def _id_meta(prefix: str) -> Constraint:
    return Constraint(
        pattern=f"^{prefix}-{_SLUG}$",
        description=f"an id: {prefix}- then lowercase letters, digits and -._",
    )


def _ref_meta(prefix: str, singular: str) -> Constraint:
    article = "an" if singular[0] in "aeiou" else "a"
    return Constraint(
        pattern=f"^{prefix}-{_SLUG}$", description=f"{article} {singular} id ({prefix}-...)"
    )


BriefingId = Annotated[str, _id_meta("brf")]
SourceId = Annotated[str, _id_meta("src")]
EntityId = Annotated[str, _id_meta("ent")]
IncidentId = Annotated[str, _id_meta("inc")]
QuoteId = Annotated[str, _id_meta("q")]
NoteId = Annotated[str, _id_meta("note")]
SourceRef = Annotated[str, _ref_meta("src", "source"), Ref("sources")]
EntityRef = Annotated[str, _ref_meta("ent", "entity"), Ref("entities")]
IncidentRef = Annotated[str, _ref_meta("inc", "incident"), Ref("incidents")]
QuoteRef = Annotated[str, _ref_meta("q", "quote"), Ref("quotes")]
AnyRef = Annotated[
    str, Constraint(pattern=f"^[a-z]+-{_SLUG}$", description="an id of this briefing"), Ref("any")
]
Kebab = Annotated[
    str,
    Constraint(
        pattern="^[a-z0-9]+(-[a-z0-9]+)*$", description="kebab-case (like arbitrary-detention)"
    ),
]
Word = Annotated[str, Constraint(pattern="^[a-z][a-z0-9_-]*$", description="one lowercase word")]
Timestamp = Annotated[datetime, Meta(tz=True, description="RFC 3339 timestamp with offset")]
Tlp = Annotated[
    str,
    Constraint(
        pattern="^(" + "|".join(_ci(t) for t in TLP_ORDER) + ")$",
        description="a TLP 2.0 label: clear, green, amber, amber+strict or red",
    ),
]
CountryCode = Annotated[
    str, Constraint(pattern="^[A-Z]{2}$", description="an ISO 3166 code like CA")
]
LanguageTag = Annotated[
    str,
    Constraint(
        pattern="^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", description="a BCP 47 tag like fr-CA"
    ),
]
_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
EXTERNAL_ID_SCHEMES: tuple[tuple[str, str, str], ...] = (
    ("wikidata", "^Q[1-9][0-9]*$", "a Wikidata id (Q and digits, like Q1318)"),
    (
        "mitre-attack",
        "^(?:TA|DS|[GSTMC])[0-9]{4}(?:\\.[0-9]{3})?$",
        "a MITRE ATT&CK id (like G0006, S0002 or T1566.001)",
    ),
    (
        "stix",
        f"^[a-z][a-z0-9-]*[a-z0-9]--{_UUID}$",
        "a STIX id (<type>--<uuid>, like identity--<uuid>)",
    ),
    ("misp", f"^{_UUID}$", "a MISP UUID"),
    ("misp-galaxy", f"^{_UUID}$", "a MISP galaxy cluster UUID"),
    ("doi", "^10\\.[0-9]{4,9}/\\S+$", "a DOI (10.NNNN/...)"),
)
"""Known ``external_ids`` schemes: (scheme, pattern, description of the form)."""
ExternalIds = Annotated[
    dict[str, str],
    ExternalIdRules(
        known=EXTERNAL_ID_SCHEMES,
        other_scheme="^x-[a-z0-9][a-z0-9._-]*$",
        other_description="x- then lowercase letters, digits and -._ (like x-opencti)",
    ),
]

Severity = Literal["info", "low", "medium", "high", "critical"]
Determination = Literal["confirmed", "suspected", "alleged", "disputed", "unknown"]
Attribution = Literal["confirmed", "assessed", "as-reported"]
Verification = Literal["unverified", "verified", "disputed"]


class Model(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True, gc=False):
    """Base of every object of the format: immutable, keyword-only.

    ``gc=False``: built bottom-up and frozen, these objects can never form a
    reference cycle, so the garbage collector need not track them; a library of
    60,000 incidents then costs no collection time (decoding it is twice as fast).
    """


class Author(Model, frozen=True, kw_only=True, omit_defaults=True):
    name: str
    organization: str | None = None
    contact: str | None = None


class Handling(Model, frozen=True, kw_only=True, omit_defaults=True):
    tlp: Tlp
    banner: str | None = None
    statements: tuple[str, ...] = ()

    @property
    def tlp_level(self) -> str:
        """The TLP label in lower case: ``clear`` ... ``red``."""
        return self.tlp.lower()

    @property
    def tlp_label(self) -> str:
        """The TLP label as shown: ``TLP:AMBER+STRICT``."""
        return "TLP:" + self.tlp.upper()

    @property
    def tlp_rank(self) -> int:
        return TLP_ORDER.index(self.tlp_level)


class Summary(Model, frozen=True, kw_only=True, omit_defaults=True):
    text: str
    key_points: tuple[str, ...] = ()
    assessment: str | None = None
    sources: tuple[SourceRef, ...] = ()
    quotes: tuple[QuoteRef, ...] = ()


class Source(Model, frozen=True, kw_only=True, omit_defaults=True):
    id: SourceId
    kind: Literal[
        "article", "report", "statement", "transcript", "broadcast",
        "web", "social", "dataset", "document", "other",
    ]  # fmt: skip
    title: str
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    published: PartialDate | None = None
    retrieved: PartialDate | None = None
    consulted: bool = True
    reliability: Literal["A", "B", "C", "D", "E", "F"] | None = None
    notes: str | None = None
    external_ids: ExternalIds = {}


class Entity(Model, frozen=True, kw_only=True, omit_defaults=True):
    id: EntityId
    kind: Literal[
        "person", "organization", "government", "group", "country", "location",
        "law", "agreement", "document", "event", "other",
    ]  # fmt: skip
    name: str
    aliases: tuple[str, ...] = ()
    title: str | None = None
    description: str | None = None
    country: CountryCode | None = None
    parent: EntityRef | None = None
    members: tuple[EntityRef, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    external_ids: ExternalIds = {}


class When(Model, frozen=True, kw_only=True, omit_defaults=True):
    """When something happened; ``when: 2018-12`` is short for ``{at: 2018-12}``."""

    at: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    approximate: bool = False
    text: str | None = None
    sources: tuple[SourceRef, ...] = ()

    @property
    def sort_date(self) -> PartialDate | None:
        return self.at or self.start or self.end

    def overlaps(self, start: datetime | None, end: datetime | None) -> bool:
        """Whether the time this covers overlaps ``[start, end)``."""
        if self.at is not None:
            return self.at.overlaps(start, end)
        if self.start is None and self.end is None:
            return False
        begin = self.start.start if self.start is not None else None
        finish = self.end.end if self.end is not None else None
        return (end is None or begin is None or begin < end) and (
            start is None or finish is None or finish > start
        )

    def display(self) -> str:
        """The date as written: ``2018-12``, ``2018..2019``, or the source's words."""
        if self.at is not None:
            shown = self.at.text
        elif self.start is not None or self.end is not None:
            shown = f"{self.start or ''}..{self.end or ''}"
        else:
            shown = ""
        if self.approximate and shown:
            shown = "~" + shown
        return shown or (self.text or "")


WhenField = Annotated[When, Shorthand("at")]


class Actor(Model, frozen=True, kw_only=True, omit_defaults=True):
    entity: EntityRef
    role: Word
    attribution: Attribution | None = None


class Incident(Model, frozen=True, kw_only=True, omit_defaults=True):
    id: IncidentId
    title: str
    type: Literal["incident", "development", "context"] = "incident"
    description: str | None = None
    category: tuple[Kebab, ...] = ()
    determination: Determination | None = None
    when: WhenField | None = None
    locations: tuple[EntityRef, ...] = ()
    actors: tuple[Actor, ...] = ()
    severity: Severity | None = None
    confidence: Annotated[int, Constraint(ge=0, le=100)] | None = None
    sources: tuple[SourceRef, ...] = ()
    quotes: tuple[QuoteRef, ...] = ()
    related: tuple[IncidentRef, ...] = ()
    tags: tuple[Kebab, ...] = ()

    @property
    def unsourced(self) -> bool:
        """No source and no quote backs this incident."""
        return not self.sources and not self.quotes


class Quote(Model, frozen=True, kw_only=True, omit_defaults=True):
    id: QuoteId
    text: str
    kind: Literal["direct", "partial", "paraphrase", "translation"]
    source: SourceRef
    speaker: EntityRef | None = None
    speaker_label: str | None = None
    said: WhenField | None = None
    original_source: SourceRef | None = None
    locator: str | None = None
    context: str | None = None
    verification: Verification | None = None
    about: tuple[AnyRef, ...] = ()
    tags: tuple[Kebab, ...] = ()


class Note(Model, frozen=True, kw_only=True, omit_defaults=True):
    id: NoteId
    text: str
    kind: Literal["note", "assessment", "caveat"] = "note"
    title: str | None = None
    about: tuple[AnyRef, ...] = ()
    authors: tuple[str, ...] = ()
    created: Timestamp | None = None


class Briefing(Model, frozen=True, kw_only=True, omit_defaults=True):
    schema: Literal["briefing/v1"]
    id: BriefingId
    title: str
    date: PartialDate
    handling: Handling
    summary: str | Summary
    subtitle: str | None = None
    created: Timestamp | None = None
    updated: Timestamp | None = None
    status: Literal["draft", "final", "superseded", "withdrawn"] = "final"
    language: LanguageTag | None = None
    authors: tuple[Author, ...] = ()
    tags: tuple[Kebab, ...] = ()
    sources: tuple[Source, ...] = ()
    entities: tuple[Entity, ...] = ()
    incidents: tuple[Incident, ...] = ()
    quotes: tuple[Quote, ...] = ()
    notes: tuple[Note, ...] = ()
    related_briefings: tuple[BriefingId, ...] = ()
    extensions: dict[Any, Any] | None = None
    """Free data kept verbatim: YAML allows keys of any kind (`0x1F:` is the number 31)."""

    @property
    def summary_text(self) -> str:
        return self.summary if isinstance(self.summary, str) else self.summary.text
