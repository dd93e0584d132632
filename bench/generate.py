"""Deterministic generator of a synthetic library of ``briefing/v1`` files.

The library is for benchmarks and tests: every file follows ``FORMAT.md``, every
file-local reference resolves, and the same seed always gives byte-identical output.
Only the standard library is used; the YAML text is written by a small emitter (double
quoted strings and folded block scalars), not by a YAML library, so that generating the
default library of 2,000 files (about 47 MB) takes a few seconds.

Usage::

    python bench/generate.py OUTDIR [--briefings 2000] [--incidents 30] [--quotes 20] [--seed 1]

Files are written as ``OUTDIR/<year>/<brf-id>.yaml`` where ``<year>`` is the year of the
briefing's ``date``. Each briefing is generated from its own ``random.Random`` seeded
with ``seed * 1_000_003 + index``, so file ``n`` is the same whatever the number of
briefings asked for.

The people, organisations, publishers and events are fictional; only the country names
and their ISO 3166 codes are real.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from random import Random
from typing import TypeVar

__all__ = ["briefing_yaml", "generate_library", "main", "q"]

T = TypeVar("T")

WRAP = 96  # column at which folded scalars are wrapped

# --------------------------------------------------------------------------------------
# YAML emitting helpers
# --------------------------------------------------------------------------------------

_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff"\\\\]')
_NAMED_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def q(text: str) -> str:
    """Return ``text`` as a YAML double-quoted scalar (safe for any string)."""
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'


def folded(text: str, indent: int) -> str:
    """Return ``text`` as a ``>-`` folded block scalar whose lines start at ``indent``.

    The text must be one paragraph of words separated by single spaces, with no leading
    or trailing blank; folding the lines back with spaces then gives it back exactly.
    """
    pad = " " * indent
    width = max(WRAP - indent, 20)
    lines: list[str] = []
    current: list[str] = []
    length = -1
    for word in text.split(" "):
        if current and length + 1 + len(word) > width:
            lines.append(pad + " ".join(current))
            current = []
            length = -1
        current.append(word)
        length += 1 + len(word)
    if current:
        lines.append(pad + " ".join(current))
    return ">-\n" + "\n".join(lines)


def flow(items: Sequence[str]) -> str:
    """A flow sequence of plain scalars (ids, tags, enum words)."""
    return "[" + ", ".join(items) + "]"


_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "đ": "d",
        "Đ": "d",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
    }
)
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An ASCII kebab-case slug: ``"Josée Müller"`` -> ``"josee-muller"``."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode()
    )
    return _SLUG_DROP.sub("-", ascii_text.lower()).strip("-") or "x"


def _short_slug(text: str, limit: int) -> str:
    """``slug(text)`` cut to at most ``limit`` characters at a word boundary."""
    full = slug(text)
    if len(full) <= limit:
        return full
    cut = full[: limit + 1]
    return cut[: cut.rfind("-")] if "-" in cut else full[:limit]


def unaccent(text: str) -> str:
    """``"Josée Müller"`` -> ``"Josee Muller"`` (an alias a reader might search for)."""
    folded_text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in folded_text if not unicodedata.combining(c))


# --------------------------------------------------------------------------------------
# Random helpers (only ``rng.random()`` is used for choices: stable across Python versions)
# --------------------------------------------------------------------------------------


def pick(rng: Random, seq: Sequence[T]) -> T:
    return seq[int(rng.random() * len(seq))]


def between(rng: Random, low: int, high: int) -> int:
    """An integer in ``[low, high]``."""
    return low + int(rng.random() * (high - low + 1))


def weighted(rng: Random, table: Sequence[tuple[T, float]]) -> T:
    """Pick from ``(value, weight)`` pairs whose weights sum to about 1."""
    x = rng.random()
    for value, weight in table:
        x -= weight
        if x < 0:
            return value
    return table[-1][0]


def sample(rng: Random, seq: Sequence[T], count: int) -> list[T]:
    """``count`` distinct items of ``seq`` (in the order drawn)."""
    pool = list(seq)
    count = min(count, len(pool))
    out: list[T] = []
    for _ in range(count):
        i = int(rng.random() * len(pool))
        out.append(pool[i])
        pool[i] = pool[-1]
        pool.pop()
    return out


# --------------------------------------------------------------------------------------
# Vocabularies (fictional people, organisations and publishers)
# --------------------------------------------------------------------------------------

# fmt: off
FIRST_NAMES = (
    "Josée", "Zoë", "Łukasz", "François", "Hélène", "Søren", "José", "Björn", "Chloé",
    "Inès", "Ágnes", "Jiří", "Anaïs", "Renée", "Mihály", "Noémie", "Anita", "Mark",
    "Michael", "Wei", "Jian", "Mei", "Priya", "Omar", "Sarah", "David", "Ahmed", "Fatima",
    "Kenji", "Yuki", "Olga", "Ivan", "Maria", "John", "Emily", "Daniel", "Grace", "Tenzin",
    "Ayesha", "Hao", "Lin", "Sofia", "Thomas", "Nadia", "Karim", "Rahul", "Elena", "Patrick",
)
LAST_NAMES = (
    "Müller", "Nowak", "Lefèbvre", "Côté", "Gagnon", "Tremblay", "Chen", "Wang", "Li",
    "Zhang", "Liu", "Kovač", "Sánchez", "García", "Ødegaard", "Schröder", "Núñez",
    "Østergaard", "Wiśniewski", "Smith", "Brown", "Patel", "Singh", "Khan", "Nguyen", "Kim",
    "Park", "Ivanova", "Dubois", "Roy", "Martin", "Kowalski", "Bouchard", "Leblanc",
    "Okafor", "Haddad", "Yilmaz", "Tanaka", "Morales", "Fraser", "MacLeod", "O'Brien",
)
PERSON_TITLES = (
    "Minister of Foreign Affairs", "Deputy Minister", "Ambassador", "Consul General",
    "Member of Parliament", "Commissioner", "Senior Analyst", "Editor-in-Chief",
    "Executive Director", "Spokesperson", "Chief Superintendent", "Municipal Councillor",
    "Professor of Political Science", "Human-rights Lawyer", "Community Organizer",
    "Prime Minister", "Justice of the Superior Court", "Investigative Journalist",
)

COUNTRIES = (
    ("Canada", "CA", "Canadian"), ("China", "CN", "Chinese"),
    ("United States", "US", "American"), ("United Kingdom", "GB", "British"),
    ("Australia", "AU", "Australian"), ("India", "IN", "Indian"),
    ("Russia", "RU", "Russian"), ("Iran", "IR", "Iranian"), ("Hong Kong", "HK", "Hong Kong"),
    ("Taiwan", "TW", "Taiwanese"), ("France", "FR", "French"), ("Germany", "DE", "German"),
    ("Poland", "PL", "Polish"), ("Philippines", "PH", "Philippine"),
    ("Vietnam", "VN", "Vietnamese"), ("Pakistan", "PK", "Pakistani"),
    ("Saudi Arabia", "SA", "Saudi"), ("Türkiye", "TR", "Turkish"),
    ("Brazil", "BR", "Brazilian"), ("Mexico", "MX", "Mexican"), ("Japan", "JP", "Japanese"),
    ("South Korea", "KR", "South Korean"), ("Ukraine", "UA", "Ukrainian"),
    ("Belarus", "BY", "Belarusian"), ("Eritrea", "ER", "Eritrean"),
    ("Rwanda", "RW", "Rwandan"), ("Nicaragua", "NI", "Nicaraguan"),
    ("Egypt", "EG", "Egyptian"), ("New Zealand", "NZ", "New Zealand"),
    ("Sweden", "SE", "Swedish"), ("Switzerland", "CH", "Swiss"),
)
COUNTRY_NAMES = {code: name for name, code, _adjective in COUNTRIES}
ORG_DESCRIPTIONS = (
    "Public body", "Non-profit organisation", "Security agency", "Media company",
    "Advocacy group", "Private company", "Research centre", "Police service",
)
COUNTRY_ALIASES = {
    "CN": ("PRC", "People's Republic of China"), "US": ("USA", "United States of America"),
    "GB": ("UK",), "RU": ("Russian Federation",), "KR": ("Republic of Korea",),
    "TR": ("Turkey",), "HK": ("HKSAR",), "TW": ("Republic of China",),
}
CITIES = (
    ("Ottawa", "CA"), ("Toronto", "CA"), ("Vancouver", "CA"), ("Montréal", "CA"),
    ("Québec City", "CA"), ("Calgary", "CA"), ("Beijing", "CN"), ("Dandong", "CN"),
    ("Shenzhen", "CN"), ("Hong Kong", "HK"), ("Geneva", "CH"), ("London", "GB"),
    ("Washington", "US"), ("New York", "US"), ("New Delhi", "IN"), ("Moscow", "RU"),
    ("Tehran", "IR"), ("Taipei", "TW"), ("Paris", "FR"), ("Berlin", "DE"), ("Warsaw", "PL"),
    ("Kraków", "PL"), ("Kyiv", "UA"), ("Canberra", "AU"), ("Manila", "PH"),
    ("Istanbul", "TR"), ("Riyadh", "SA"), ("São Paulo", "BR"), ("Zürich", "CH"),
)
ORG_PREFIXES = (
    "Federal", "National", "Northern", "Harbourview", "Maple", "Pacific", "Atlantic",
    "Continental", "Central", "Provincial", "Civic", "Meridian", "Lakeshore", "Global",
)
ORG_CORES = (
    ("Security Directorate", "government"), ("Ministry of Public Order", "government"),
    ("Bureau of Investigation", "government"), ("Intelligence Review Agency", "government"),
    ("Elections Commission", "government"), ("Police Service", "government"),
    ("Institute for Democracy", "organization"), ("Press Freedom Centre", "organization"),
    ("Human Rights Watchers", "organization"), ("Digital Rights Lab", "organization"),
    ("Media Group", "organization"), ("Trade Council", "organization"),
    ("Policy Forum", "organization"), ("Telecom Holdings", "organization"),
    ("Friendship Association", "group"), ("Students' Association", "group"),
    ("Diaspora Alliance", "group"), ("Cultural Federation", "group"),
)
PUBLISHERS = (
    "The Harbour Times", "Northern Ledger", "Pacific Wire", "Global Monitor", "Maple Post",
    "Le Courrier du Nord", "Rhein Kurier", "Gazeta Wolności", "The Lakeshore Review",
    "Meridian Broadcasting", "Civic Report", "The Atlantic Dispatch", "Cité Nouvelles",
    "Open Record Project", "Continental Press Agency", "The Evening Sentinel",
)
# Short keys for source ids and url hosts, as an analyst would write them.
PUBLISHER_KEYS = {
    "The Harbour Times": "harbour", "Northern Ledger": "ledger", "Pacific Wire": "pacwire",
    "Global Monitor": "monitor", "Maple Post": "maplepost", "Le Courrier du Nord": "courrier",
    "Rhein Kurier": "kurier", "Gazeta Wolności": "gazeta", "The Lakeshore Review": "lakeshore",
    "Meridian Broadcasting": "meridian", "Civic Report": "civic",
    "The Atlantic Dispatch": "dispatch", "Cité Nouvelles": "cite", "Open Record Project": "orp",
    "Continental Press Agency": "cpa", "The Evening Sentinel": "sentinel",
}

TAGS = (
    "press-freedom", "foreign-interference", "arbitrary-detention", "cyber",
    "transnational-repression", "election-interference", "disinformation", "espionage",
    "human-rights", "diaspora", "hostage-diplomacy", "trade", "sanctions",
    "law-enforcement", "surveillance", "intimidation", "influence-operations",
    "critical-infrastructure", "academic-freedom", "censorship", "corruption",
    "export-controls", "economic-coercion", "extradition", "national-security",
    "public-inquiry", "legislation", "diplomacy", "protest", "technology-transfer",
)
CATEGORY_WORDS = (
    "arbitrary-detention", "election-interference", "transnational-repression",
    "cyber-intrusion", "disinformation-campaign", "harassment", "surveillance",
    "espionage", "coercion", "censorship", "diplomatic-protest", "agreement",
    "court-decision", "legislation", "sanctions", "investigation", "data-breach",
    "intimidation", "lobbying", "influence-operation",
)

ACTOR_PHRASES = (
    "Officials", "Police", "Unknown men", "Consular staff", "Agents", "Hackers", "Students",
    "Intermediaries", "A contractor", "Trolls", "Diplomats", "Investigators", "Two men",
    "A task force", "Operatives", "Plain-clothes officers",
)
VERB_PHRASES = (
    "approached", "criticised", "detained", "monitored", "pressured", "called",
    "sued", "questioned", "targeted", "followed", "harassed", "met", "warned", "threatened",
    "paid", "photographed", "messaged", "profiled",
)
OBJECT_PHRASES = (
    "an editor", "two businessmen", "student leaders", "a candidate", "rights workers",
    "a diplomat", "a dissident", "volunteers", "a legislator", "an activist's family",
    "a researcher", "a radio host", "telecom staff", "a retired officer",
)
CONTEXT_PHRASES = (
    "on a trade mission", "before the election", "after the report", "after the arrest",
    "despite assurances", "at a community event", "outside the consulate", "for months",
    "before the summit", "during the inquiry", "after a hearing", "at a conference",
    "at the border", "during a debate", "in a chat group",
)
FOLLOW_UPS = (
    "This could not be verified.", "No charges were laid.", "The ministry declined comment.",
    "A review is under way.", "Those involved deny it.", "A committee raised the case.",
    "Witnesses gave consistent accounts.", "The embassy called it \"groundless\".",
    "Links between cases are unclear.", "Similar approaches were reported before.",
    "Court records confirm the outline.", "The ambassador was summoned.",
    "Researchers published indicators.", "The motive is unknown.",
)
INCIDENT_WORDS = (
    "detention", "hack", "vote", "threat", "leak", "raid", "visit", "ruling", "probe",
    "ban", "protest", "smear", "bribe", "spy", "trial", "calls",
)
ASSESS_ADJ = (
    "serious", "credible", "unprecedented", "routine", "coordinated", "opportunistic",
    "deliberate", "isolated", "escalating", "politically motivated", "unlawful",
    "consistent with earlier patterns", "difficult to attribute",
)
TITLE_NOUNS = (
    "Detention", "Surveillance", "Harassment", "Questioning", "Intimidation", "Monitoring",
    "Arrest", "Targeting", "Coercion", "Expulsion", "Hacking", "Smear campaign",
)
DEVELOPMENT_TITLES = (
    "Memorandum of understanding signed", "Trade agreement announced",
    "Court sentences defendant", "Inquiry publishes final report", "New law takes effect",
    "Sanctions imposed", "Joint statement issued", "Cooperation suspended",
    "Ambassador summoned", "Extradition request refused", "Registry of agents launched",
)
BRIEFING_TOPICS = (
    "Foreign interference", "Transnational repression", "Press freedom", "Hostage diplomacy",
    "Election security", "Cyber operations", "Economic coercion", "Academic freedom",
    "Diaspora intimidation", "Influence operations", "Law-enforcement cooperation",
    "Critical infrastructure", "Disinformation",
)
BRIEFING_FRAMES = (
    "{topic} and the {country} relationship",
    "{topic}: what changed in {year}",
    "{topic} in {city}",
    "{topic} after the {event}",
    "The {adj} pattern of {topic_lower}",
    "{topic} — an overview for {country}",
    "{country}: {topic_lower} and the response",
)
BRIEFING_EVENTS = (
    "inquiry", "election", "trade deal", "summit", "arrests", "court ruling",
    "leak", "sanctions", "expulsions", "crackdown",
)
SOURCE_TITLE_FRAMES = (
    "{topic} probe widens as {org} faces questions",
    "Inside the {adj} campaign against {obj}",
    "Report on {topic_lower}, {year}",
    "Statement by {org} on {topic_lower}",
    "Transcript: committee hearing on {topic_lower}",
    "{city} residents describe {topic_lower}",
    "Annual review of {topic_lower} ({year})",
    "Why {country} is rethinking {topic_lower}",
)
QUOTE_OPENERS = (
    "We believe", "There is no doubt that", "Let me be clear:", "We assess that",
    "We know that", "I was told that", "Frankly,", "Our position is unchanged:",
    "They made it clear that", "The evidence shows that",
)
QUOTE_BODIES = (
    "{country} is the most active perpetrator",
    "these approaches aim to silence critics",
    "the detention is arbitrary and must end",
    "our institutions will hold",
    "families here are afraid to speak",
    "cooperation cannot cost our citizens' safety",
    "this is the greatest security threat we face",
    "we raised the case with our counterparts",
    "the sentence is an attack on press freedom",
    "no one from the {org} called us",
    "we will follow the evidence",
    "the \"service stations\" were never about licences",
)
QUOTE_CLOSERS = (
    "That is not acceptable.", "We will keep raising it.", "It is getting worse.",
    "People deserve answers.", "The record shows it.", "The case is before the courts.",
    "We expect a response.", "It has to stop.",
)
SPEAKER_LABELS = (
    "a senior official, not named", "a community organizer",
    "a former detainee", "a government spokesperson", "a diplomatic source",
    "an unnamed investigator", "a relative of the victim", "a security researcher",
)
QUOTE_CONTEXTS = (
    "To reporters after the hearing.", "Written statement.", "Committee testimony.",
    "Television interview.", "Press conference in {city}.", "Deleted social media post.",
    "Quoted in the final report.", "Translated by the publisher.",
)
STATEMENTS = (
    "Compiled from open sources for briefing purposes.",
    "Quotations are reproduced for analysis under fair dealing.",
    "Not for attribution outside the recipient organisation.",
    "© {year} {publisher}. Excerpts used with permission.",
    "Distribution: as marked. Do not forward without the originator's consent.",
)
ORG_AUTHORS = (
    "Open Source Analysis Unit", "Policy Research Desk", "Briefings Team",
    "Situational Awareness Cell", "Harbourview Institute",
)
APPROX_TEXTS = (
    "about {n} years ago", "some {n} years earlier", "in the early {decade}s",
    "in the late {decade}s", "around the time of the previous election",
    "roughly {n} years before the report",
)

TLP_TABLE = (
    ("clear", 0.55), ("green", 0.25), ("amber", 0.13), ("amber+strict", 0.04), ("red", 0.03),
)
BANNERS = ("UNCLASSIFIED", "UNCLASSIFIED // OPEN SOURCE", "PROTECTED A", "PROTECTED B")
SEVERITY_TABLE = (
    ("info", 0.25), ("low", 0.30), ("medium", 0.25), ("high", 0.15), ("critical", 0.05),
)
DETERMINATION_TABLE = (
    ("confirmed", 0.30), ("suspected", 0.20), ("alleged", 0.30), ("disputed", 0.10),
    ("unknown", 0.10),
)
SOURCE_KIND_TABLE = (
    ("article", 0.40), ("report", 0.20), ("statement", 0.12), ("transcript", 0.06),
    ("broadcast", 0.06), ("web", 0.05), ("social", 0.04), ("dataset", 0.03),
    ("document", 0.03), ("other", 0.01),
)
QUOTE_KIND_TABLE = (
    ("direct", 0.50), ("partial", 0.20), ("paraphrase", 0.20), ("translation", 0.10),
)
ROLES = ("perpetrator", "victim", "target", "party", "investigator", "responder")
ATTRIBUTIONS = ("confirmed", "assessed", "as-reported")
RELIABILITY = ("A", "B", "C", "D", "E", "F")
# fmt: on

FIRST_YEAR = 2005
LAST_YEAR = 2026
_FIRST_ORDINAL = dt.date(FIRST_YEAR, 1, 1).toordinal()
_LAST_ORDINAL = dt.date(LAST_YEAR, 12, 31).toordinal()


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------


def partial(day: dt.date, precision: str) -> str:
    """Format ``day`` as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def random_precision(rng: Random, day_weight: float = 0.6) -> str:
    x = rng.random()
    if x < day_weight:
        return "day"
    return "month" if x < day_weight + (1 - day_weight) * 0.65 else "year"


def days_before(rng: Random, day: dt.date, low: int, high: int) -> dt.date:
    ordinal = max(day.toordinal() - between(rng, low, high), _FIRST_ORDINAL - 3650)
    return dt.date.fromordinal(ordinal)


def timestamp(rng: Random, day: dt.date) -> str:
    offset = pick(rng, ("-05:00", "-04:00", "+00:00", "+01:00", "+08:00", "-08:00"))
    return f"{day.isoformat()}T{between(rng, 6, 21):02d}:{between(rng, 0, 59):02d}:00{offset}"


# --------------------------------------------------------------------------------------
# The briefing generator
# --------------------------------------------------------------------------------------


class _Entity:
    __slots__ = ("code", "id", "kind", "name", "short")

    def __init__(self, id_: str, kind: str, name: str, code: str, short: str) -> None:
        self.id = id_
        self.kind = kind
        self.name = name
        self.code = code
        self.short = short


class _Ids:
    """Hands out unique file-local ids."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, prefix: str, text: str) -> str:
        base = f"{prefix}-{slug(text)[:40].rstrip('-')}"
        candidate = base
        n = 2
        while candidate in self.used:
            candidate = f"{base}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate


def _sentence(rng: Random, names: Sequence[str], city: str) -> str:
    subject = pick(rng, ACTOR_PHRASES)
    x = rng.random()
    if x < 0.1:
        subject = f"{subject} tied to {pick(rng, names)}"
    obj = pick(rng, OBJECT_PHRASES)
    if x > 0.8:
        obj = f"{obj} in {city}"
    elif x > 0.55:
        obj = f"{obj} {pick(rng, CONTEXT_PHRASES)}"
    return f"{subject} {pick(rng, VERB_PHRASES)} {obj}."


def _paragraph(rng: Random, count: int, names: Sequence[str], city: str) -> str:
    parts: list[str] = []
    for i in range(count):
        if i and rng.random() < 0.6:
            parts.append(pick(rng, FOLLOW_UPS))
        else:
            parts.append(_sentence(rng, names, city))
    return " ".join(parts)


def _assessment(rng: Random, country: str) -> str:
    return (
        f"The activity is assessed as {pick(rng, ASSESS_ADJ)} and "
        f"{pick(rng, ASSESS_ADJ)}; links to the government of {country} are "
        f"{pick(rng, ('likely', 'possible', 'unconfirmed', 'almost certain'))}."
    )


def briefing_yaml(index: int, rng: Random, incidents: int = 30, quotes: int = 20) -> str:
    """Return the YAML text of synthetic briefing number ``index`` (1-based).

    ``brf-gen-<index>`` is its id; ``related_briefings`` only point to lower indexes, so
    they exist in any library generated from 1 upward. Every quote is referenced by at
    least one incident, so ``quotes > 0`` needs ``incidents > 0``.
    """
    if incidents < 0 or quotes < 0:
        raise ValueError("incidents and quotes must not be negative")
    if quotes and not incidents:
        raise ValueError("quotes need at least one incident to reference them")
    ids = _Ids()
    out: list[str] = []
    w = out.append

    # -- dates and countries ------------------------------------------------------------
    as_of = dt.date.fromordinal(between(rng, _FIRST_ORDINAL, _LAST_ORDINAL))
    date_precision = weighted(rng, (("day", 0.7), ("month", 0.2), ("year", 0.1)))
    home = COUNTRIES[0] if rng.random() < 0.6 else pick(rng, COUNTRIES)
    other = pick(rng, COUNTRIES)
    while other[1] == home[1]:
        other = pick(rng, COUNTRIES)
    local_cities = [c for c in CITIES if c[1] in (home[1], other[1])] or list(CITIES)
    city_name, city_code = pick(rng, local_cities)

    # -- entities -------------------------------------------------------------------------
    entities: list[_Entity] = []
    country_codes = [home[1], other[1]] + [
        c for c in (pick(rng, COUNTRIES)[1],) if rng.random() < 0.4
    ]
    seen_codes: list[str] = []
    for code in country_codes:
        if code in seen_codes:
            continue
        seen_codes.append(code)
        name = next(c[0] for c in COUNTRIES if c[1] == code)
        entities.append(_Entity(ids.make("ent", name), "country", name, code, name))
    countries = list(entities)
    gov_country = pick(rng, countries[:2])
    gov = _Entity(
        ids.make("ent", f"gov-{gov_country.code}"),
        "government",
        f"Government of {gov_country.name}",
        gov_country.code,
        gov_country.name,
    )
    entities.append(gov)
    locations: list[_Entity] = []
    for name, code in [(city_name, city_code)] + (
        [pick(rng, CITIES)] if rng.random() < 0.5 else []
    ):
        if any(e.name == name for e in locations):
            continue
        loc = _Entity(ids.make("ent", name), "location", name, code, name)
        locations.append(loc)
        entities.append(loc)
    orgs: list[_Entity] = []
    for _ in range(between(rng, 2, 3)):
        core, kind = pick(rng, ORG_CORES)
        name = f"{pick(rng, ORG_PREFIXES)} {core}"
        if any(e.name == name for e in orgs):
            continue
        short = "".join(word[0] for word in name.replace("'", "").split() if word[0].isupper())
        org = _Entity(ids.make("ent", short), kind, name, pick(rng, countries).code, short)
        orgs.append(org)
        entities.append(org)
    persons: list[_Entity] = []
    for _ in range(between(rng, 4, 6)):
        first, last = pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)
        name = f"{first} {last}"
        person = _Entity(ids.make("ent", name), "person", name, pick(rng, countries).code, last)
        persons.append(person)
        entities.append(person)
    actors_pool = persons + orgs + [gov]
    place_pool = locations + countries
    org_names = [o.name for o in orgs]
    topic = pick(rng, BRIEFING_TOPICS)

    # -- sources ------------------------------------------------------------------------------
    source_ids: list[str] = []
    source_lines: list[str] = []
    for _ in range(between(rng, 4, 6)):
        kind = weighted(rng, SOURCE_KIND_TABLE)
        publisher = pick(rng, PUBLISHERS)
        published = days_before(rng, as_of, 0, 900)
        title = pick(rng, SOURCE_TITLE_FRAMES).format(
            topic=topic,
            topic_lower=topic.lower(),
            org=pick(rng, org_names),
            adj=pick(rng, ASSESS_ADJ),
            obj=pick(rng, OBJECT_PHRASES),
            year=published.year,
            city=city_name,
            country=home[0],
        )
        key = PUBLISHER_KEYS[publisher]
        sid = ids.make("src", key)
        source_ids.append(sid)
        lines = [
            f"  - id: {sid}",
            f"    kind: {kind}",
            f"    title: {q(title)}",
            f"    publisher: {q(publisher)}",
        ]
        if rng.random() < 0.4:
            lines.append(
                f"    authors: [{q(pick(rng, FIRST_NAMES) + ' ' + pick(rng, LAST_NAMES))}]"
            )
        url = (
            f"https://{key}.example/{published.year}/{_short_slug(title, 24)}"
            f"{'?ref=a%20b&x=1' if rng.random() < 0.1 else ''}"
        )
        lines.append(f"    url: {q(url)}")
        lines.append(f"    published: {q(partial(published, random_precision(rng, 0.75)))}")
        if rng.random() < 0.3:
            retrieved = dt.date.fromordinal(published.toordinal() + between(rng, 0, 60))
            lines.append(f"    retrieved: {q(retrieved.isoformat())}")
        if rng.random() < 0.06:
            lines.append("    consulted: false")
        if rng.random() < 0.5:
            lines.append(f"    reliability: {pick(rng, RELIABILITY)}")
        if rng.random() < 0.1:
            lines.append(
                f"    notes: {q('Cited in ' + pick(rng, PUBLISHERS) + '; paywalled copy.')}"
            )
        source_lines.extend(lines)

    # -- header -----------------------------------------------------------------------------
    title = pick(rng, BRIEFING_FRAMES).format(
        topic=topic,
        topic_lower=topic.lower(),
        country=other[0],
        year=as_of.year,
        city=city_name,
        event=pick(rng, BRIEFING_EVENTS),
        adj=pick(rng, ASSESS_ADJ),
    )
    brf_id = f"brf-gen-{index:05d}"
    w("schema: briefing/v1")
    w(f"id: {brf_id}")
    w(f"title: {q(title)}")
    if rng.random() < 0.4:
        w(f"subtitle: {q(f'{topic} involving {other[0]} and {home[0]}, as of {as_of.year}')}")
    w(f"date: {q(partial(as_of, date_precision))}")
    created = days_before(rng, as_of, 0, 3)
    if rng.random() < 0.7:
        w(f"created: {q(timestamp(rng, created))}")
        if rng.random() < 0.4:
            updated = dt.date.fromordinal(created.toordinal() + between(rng, 1, 200))
            w(f"updated: {q(timestamp(rng, updated))}")
    status = weighted(
        rng, (("final", 0.8), ("draft", 0.12), ("superseded", 0.05), ("withdrawn", 0.03))
    )
    w(f"status: {status}")
    w(f"language: {weighted(rng, (('en', 0.75), ('fr-CA', 0.15), ('en-GB', 0.1)))}")
    w("authors:")
    for _ in range(between(rng, 1, 2)):
        author = f"{pick(rng, FIRST_NAMES)} {pick(rng, LAST_NAMES)}"
        if rng.random() < 0.7:
            w(f"  - {{name: {q(author)}, organization: {q(pick(rng, ORG_AUTHORS))}}}")
        else:
            w(f"  - name: {q(author)}")
            w(f"    contact: {q(slug(author).replace('-', '.') + '@example.org')}")

    # -- handling ------------------------------------------------------------------------
    tlp = weighted(rng, TLP_TABLE)
    x = rng.random()
    if x < 0.05:
        tlp = tlp.upper()
    elif x < 0.08:
        tlp = tlp.capitalize()
    banner = pick(rng, BANNERS)
    w("handling:")
    w(f"  tlp: {tlp}")
    w(f"  banner: {q(banner)}")
    w("  statements:")
    for statement in sample(rng, STATEMENTS, between(rng, 1, 2)):
        w(f"    - {q(statement.format(year=as_of.year, publisher=pick(rng, PUBLISHERS)))}")

    # -- incidents (planned first so that quotes and the summary can point to them) -----
    incident_ids: list[str] = []
    incident_types: list[str] = []
    for n in range(1, incidents + 1):
        inc_type = weighted(rng, (("incident", 0.75), ("development", 0.15), ("context", 0.1)))
        incident_types.append(inc_type)
        word = pick(rng, INCIDENT_WORDS) if inc_type != "development" else "dev"
        incident_ids.append(ids.make("inc", f"{n:02d}-{word}"))
    # Quote j is always cited by incident j mod N; a few incidents cite one more.
    cited_by: list[list[int]] = [[] for _ in range(incidents)]
    quote_ids: list[str] = []
    quote_speakers: list[_Entity | None] = []
    for j in range(quotes):
        speaker = pick(rng, persons) if rng.random() < 0.85 else None
        quote_speakers.append(speaker)
        quote_ids.append(ids.make("q", f"{j + 1:02d}-{speaker.short if speaker else 'anon'}"))
        cited_by[j % incidents].append(j)
        if rng.random() < 0.25:
            extra = int(rng.random() * incidents)
            if j not in cited_by[extra]:
                cited_by[extra].append(j)

    # -- summary ----------------------------------------------------------------------
    names = [o.short for o in orgs] + [f"the {gov.short} government"]
    w("summary:")
    w(f"  text: {folded(_paragraph(rng, between(rng, 3, 5), names, city_name), 4)}")
    w("  key_points:")
    for _ in range(between(rng, 2, 4)):
        w(f"    - {q(_sentence(rng, names, city_name))}")
    w(f"  assessment: {q(_assessment(rng, other[0]))}")
    if source_ids and rng.random() < 0.5:
        w(f"  sources: {flow(sample(rng, source_ids, 2))}")
    if quote_ids and rng.random() < 0.3:
        w(f"  quotes: {flow(sample(rng, quote_ids, 1))}")
    briefing_tags = sample(rng, TAGS, between(rng, 2, 5))
    w(f"tags: {flow(briefing_tags)}")

    if source_lines:
        w("sources:")
        out.extend(source_lines)

    # -- entities ----------------------------------------------------------------------
    w("entities:")
    country_by_code = {e.code: e for e in countries}
    for e in entities:
        w(f"  - id: {e.id}")
        w(f"    kind: {e.kind}")
        w(f"    name: {q(e.name)}")
        if e.kind == "country":
            w(f"    country: {e.code}")
            aliases = COUNTRY_ALIASES.get(e.code)
            if aliases:
                w(f"    aliases: [{', '.join(q(a) for a in aliases)}]")
            continue
        if e.kind == "person":
            aliases_p = [unaccent(e.name)] if unaccent(e.name) != e.name else []
            if rng.random() < 0.2:
                aliases_p.append(f"{e.name.split()[0][0]}. {e.short}")
            if aliases_p:
                w(f"    aliases: [{', '.join(q(a) for a in aliases_p)}]")
            if rng.random() < 0.6:
                w(f"    title: {q(pick(rng, PERSON_TITLES))}")
        elif e.kind in ("organization", "government", "group") and e is not gov:
            w(f"    aliases: [{q(e.short)}]")
        if e.kind != "person" or rng.random() < 0.6:
            w(f"    country: {e.code}")
        based = COUNTRY_NAMES[e.code]
        if e.kind == "person":
            if rng.random() < 0.5:
                w(f"    description: {q(f'Named in reporting on {topic.lower()}.')}")
        elif e is gov:
            w(f"    description: {q(f'The national government of {based}.')}")
        elif e.kind == "group":
            w(f"    description: {q(f'Community group active in {based}.')}")
        elif e.kind != "location":
            w(f"    description: {q(f'{pick(rng, ORG_DESCRIPTIONS)}, based in {based}.')}")
        if e.kind == "location" and e.code in country_by_code:
            w(f"    parent: {country_by_code[e.code].id}")
        elif e.kind == "person" and orgs and rng.random() < 0.4:
            w(f"    parent: {pick(rng, orgs).id}")
        elif e.kind in ("organization", "group") and rng.random() < 0.4:
            w(f"    members: {flow([p.id for p in sample(rng, persons, 2)])}")
        elif e is gov and rng.random() < 0.5:
            members = [o.id for o in orgs if o.kind == "government"]
            if members:
                w(f"    members: {flow(members)}")
        if source_ids and rng.random() < 0.3:
            w(f"    sources: [{pick(rng, source_ids)}]")

    # -- incidents ----------------------------------------------------------------------
    if incidents:
        w("incidents:")
    for n, iid in enumerate(incident_ids):
        inc_type = incident_types[n]
        w(f"  - id: {iid}")
        if inc_type == "development":
            inc_title = f"{pick(rng, DEVELOPMENT_TITLES)} in {pick(rng, place_pool).name}"
        else:
            inc_title = f"{pick(rng, TITLE_NOUNS)} of {pick(rng, OBJECT_PHRASES)}"
            if rng.random() < 0.1:
                inc_title += f" {pick(rng, CONTEXT_PHRASES)}"
        w(f"    title: {q(inc_title[0].upper() + inc_title[1:])}")
        if inc_type != "incident" or rng.random() < 0.1:
            w(f"    type: {inc_type}")
        sentences = weighted(rng, ((2, 0.65), (3, 0.27), (4, 0.08)))
        w(f"    description: {folded(_paragraph(rng, sentences, names, city_name), 6)}")
        if rng.random() < 0.9:
            cats = sample(rng, CATEGORY_WORDS, 1 if rng.random() < 0.85 else 2)
            w(f"    category: {flow(cats)}")
        if rng.random() < 0.75:
            w(f"    determination: {weighted(rng, DETERMINATION_TABLE)}")
        x = rng.random()
        if x < 0.72:
            day = days_before(rng, as_of, 0, 1500)
            w(f"    when: {q(partial(day, random_precision(rng)))}")
        elif x < 0.84:
            start = days_before(rng, as_of, 80, 1500)
            span = between(rng, 35, max(35, min(500, as_of.toordinal() - start.toordinal())))
            end = dt.date.fromordinal(start.toordinal() + span)
            prec = "day" if rng.random() < 0.5 else "month"
            w(f"    when: {{start: {q(partial(start, prec))}, end: {q(partial(end, prec))}}}")
        elif x < 0.93:
            years = between(rng, 2, 25)
            text = pick(rng, APPROX_TEXTS).format(n=years, decade=(as_of.year - years) // 10 * 10)
            if rng.random() < 0.5:
                w("    when:")
                w(f"      at: {q(str(as_of.year - years))}")
                w(f"      text: {q(text)}")
                w("      approximate: true")
            else:
                w(f"    when: {{text: {q(text)}, approximate: true}}")
        # else: no date
        if rng.random() < 0.65:
            places = sample(rng, place_pool, 1 if rng.random() < 0.75 else 2)
            w(f"    locations: {flow([e.id for e in places])}")
        if actors_pool and inc_type != "context":
            w("    actors:")
            count = 1 if rng.random() < 0.65 else 2 if rng.random() < 0.85 else 3
            for actor in sample(rng, actors_pool, count):
                role = pick(rng, ROLES)
                if rng.random() < 0.3:
                    w(
                        f"      - {{entity: {actor.id}, role: {role}, "
                        f"attribution: {pick(rng, ATTRIBUTIONS)}}}"
                    )
                else:
                    w(f"      - {{entity: {actor.id}, role: {role}}}")
        w(f"    severity: {weighted(rng, SEVERITY_TABLE)}")
        if rng.random() < 0.8:
            w(f"    confidence: {min(100, max(0, int(rng.gauss(65, 20))))}")
        if source_ids and rng.random() >= 1 / 15:
            count = 1 if rng.random() < 0.6 else 2 if rng.random() < 0.8 else 3
            w(f"    sources: {flow(sample(rng, source_ids, count))}")
        if cited_by[n]:
            w(f"    quotes: {flow([quote_ids[j] for j in cited_by[n]])}")
        if incidents > 1 and rng.random() < 0.2:
            others = [i for i in sample(rng, incident_ids, 3) if i != iid][:2]
            if others:
                w(f"    related: {flow(others)}")
        inc_tags = [t for t in sample(rng, TAGS, 2) if rng.random() < 0.3]
        if inc_tags:
            w(f"    tags: {flow(inc_tags)}")

    # -- quotes -------------------------------------------------------------------------
    if quotes:
        w("quotes:")
    for j, qid in enumerate(quote_ids):
        speaker = quote_speakers[j]
        kind = weighted(rng, QUOTE_KIND_TABLE)
        body = pick(rng, QUOTE_BODIES).format(country=other[0], org=pick(rng, org_names))
        text = f"{pick(rng, QUOTE_OPENERS)} {body}."
        x = rng.random()
        if x < 0.4:
            text += " " + pick(rng, QUOTE_CLOSERS)
            if x < 0.08:
                text += " " + pick(rng, QUOTE_CLOSERS)
        if kind == "paraphrase":
            who = speaker.name if speaker else "The official"
            text = f"{who} said that {body}."
        w(f"  - id: {qid}")
        w(f"    text: {q(text)}")
        w(f"    kind: {kind}")
        w(f"    source: {pick(rng, source_ids)}")
        if speaker is not None:
            w(f"    speaker: {speaker.id}")
        else:
            w(f"    speaker_label: {q(pick(rng, SPEAKER_LABELS))}")
        if rng.random() < 0.3:
            w(f"    said: {q(partial(days_before(rng, as_of, 0, 900), random_precision(rng)))}")
        if kind == "translation" and len(source_ids) > 1:
            w(f"    original_source: {pick(rng, source_ids)}")
        if rng.random() < 0.3:
            w(f"    locator: {q(pick(rng, ('p. ', 'para. ', '00:')) + str(between(rng, 2, 59)))}")
        if rng.random() < 0.7:
            verification = weighted(
                rng, (("unverified", 0.5), ("verified", 0.4), ("disputed", 0.1))
            )
            w(f"    verification: {verification}")
        if rng.random() < 0.5:
            w(f"    context: {q(pick(rng, QUOTE_CONTEXTS).format(city=city_name))}")
        if rng.random() < 0.2:
            w(f"    about: [{pick(rng, entities).id}]")

    # -- notes, related briefings, extensions ----------------------------------------
    w("notes:")
    for k in range(1, between(rng, 1, 2) + 1):
        w(f"  - id: note-{k}")
        w(f"    kind: {pick(rng, ('note', 'assessment', 'caveat'))}")
        if rng.random() < 0.5:
            w(f"    title: {q(pick(rng, ('Dating', 'Attribution', 'Sourcing', 'Scope')))}")
        w(f"    text: {q(pick(rng, FOLLOW_UPS) + ' ' + _assessment(rng, other[0]))}")
        about = sample(rng, incident_ids + [e.id for e in entities], 2)
        if about:
            w(f"    about: {flow(about)}")
    if index > 1 and rng.random() < 0.3:
        related = sorted({f"brf-gen-{between(rng, 1, index - 1):05d}" for _ in range(2)})
        w(f"related_briefings: {flow(related)}")
    if rng.random() < 0.1:
        w("extensions:")
        w("  x-generator: {name: bench/generate.py, version: 1}")
    w("")
    return "\n".join(out)


def generate_library(
    outdir: Path, briefings: int = 2000, incidents: int = 30, quotes: int = 20, seed: int = 1
) -> list[Path]:
    """Write ``briefings`` files to ``outdir/<year>/<id>.yaml`` and return their paths."""
    outdir = Path(outdir)
    paths: list[Path] = []
    made_dirs: set[Path] = set()
    for index in range(1, briefings + 1):
        rng = Random(seed * 1_000_003 + index)
        text = briefing_yaml(index, rng, incidents, quotes)
        # The year folder is the year of the ``date:`` line.
        start = text.index('\ndate: "') + 8
        folder = outdir / text[start : start + 4]
        if folder not in made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        path = folder / f"brf-gen-{index:05d}.yaml"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("outdir", type=Path, help="folder to write <year>/<id>.yaml files to")
    parser.add_argument("--briefings", type=int, default=2000)
    parser.add_argument("--incidents", type=int, default=30, help="incidents per briefing")
    parser.add_argument("--quotes", type=int, default=20, help="quotes per briefing")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        began = time.perf_counter()
        paths = generate_library(
            args.outdir, args.briefings, args.incidents, args.quotes, args.seed
        )
        elapsed = time.perf_counter() - began
    except ValueError as exc:
        parser.error(str(exc))
    total = sum(p.stat().st_size for p in paths)
    print(
        f"{len(paths)} briefings, {total:,} bytes ({total / 1_000_000:.1f} MB), "
        f"{args.incidents * len(paths):,} incidents, {args.quotes * len(paths):,} quotes, "
        f"in {elapsed:.2f} s -> {args.outdir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
