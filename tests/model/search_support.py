"""Shared inputs for the search tests: a dated briefing, the seed, small libraries."""

from __future__ import annotations

from pathlib import Path
from random import Random

from generator_support import load_generator
from hypothesis import strategies as st

from briefing_tui.model import Briefing, load_bytes

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "briefings" / "canada-china-security-cooperation.yaml"

DATED = """\
schema: briefing/v1
id: brf-dated
title: Détentions à Montréal, 2018-2021
date: "2021-06-30"
status: draft
handling: {tlp: amber}
summary: {text: Dated events for the search tests., key_points: [Josée Müller was detained.]}
tags: [detention]
sources:
  - {id: src-gazette, kind: article, title: La Gazette du Nord, publisher: Éditions Boréal,
     published: "2018-12-03"}
  - {id: src-memo, kind: document, title: Internal memo, published: "2020"}
entities:
  - {id: ent-josee, kind: person, name: Josée Müller, aliases: [J. Muller]}
  - {id: ent-ministry, kind: government, name: Ministry of Public Safety, aliases: [MPS]}
  - {id: ent-montreal, kind: location, name: Montréal}
  - {id: ent-ngo, kind: organization, name: Straße Watch, sources: [src-memo]}
incidents:
  - id: inc-arrest
    title: Arrest of an activist
    description: Police detained Josée Müller outside the courthouse.
    category: [arbitrary-detention]
    determination: confirmed
    when: "2018-12"
    locations: [ent-montreal]
    actors: [{entity: ent-ministry, role: perpetrator}, {entity: ent-josee, role: victim}]
    severity: high
    sources: [src-gazette]
    quotes: [q-minister]
    tags: [press-freedom]
  - id: inc-hearing
    title: Closed hearing
    type: development
    when: {start: "2019-03-01", end: "2020-02"}
    actors: [{entity: ent-ngo, role: observer}]
    severity: medium
    determination: alleged
  - id: inc-statement
    title: Statement at midnight
    when: "2021-01-01T04:30:00+05:00"
    severity: critical
    sources: [src-memo]
  - id: inc-undated
    title: Rumours of more arrests
    when: {text: some time ago, approximate: true}
    severity: low
  - id: inc-open
    title: Monitoring since 2020
    type: context
    when: {start: "2020-07"}
    severity: info
quotes:
  - id: q-minister
    text: There is no security threat here.
    kind: direct
    source: src-gazette
    speaker: ent-ministry
    said: "2018-12-04"
    verification: verified
    about: [ent-josee]
    tags: [press-freedom]
  - id: q-witness
    text: They took her at dawn.
    kind: paraphrase
    source: src-memo
    original_source: src-gazette
    speaker_label: An unnamed witness
    said: {at: "2018", approximate: true}
"""
"""A briefing with dates of every precision, accents and every kind of reference."""


def parse(text: str, name: str = "test.yaml") -> Briefing:
    """Load a briefing from YAML text; fails the test if it does not load."""
    result = load_bytes(name, text.encode())
    assert result.briefing is not None, [p.format() for p in result.problems]
    return result.briefing


def seed() -> Briefing:
    return parse(SEED.read_text(encoding="utf-8"), str(SEED))


def small_library() -> list[Briefing]:
    """The seed, the dated briefing and four small generated ones."""
    generator = load_generator()
    generated = [
        parse(generator.briefing_yaml(index, Random(7 * 1_000_003 + index), 6, 4))
        for index in range(1, 5)
    ]
    return [seed(), parse(DATED), *generated]


FILTER_TERMS = (
    "lai", '"jimmy lai"', "josee", "JOSÉE", "strasse", "a", "th", "inc-", "zzz", "2018", "ß",
    "tag:press-freedom", "tag:x", "category:lobbying", "role:victim", "actor:mps", "actor:a",
    "entity:josee", "location:montreal", "speaker:witness", "source:gazette", "kind:direct",
    "type:development", "determination:alleged", "verification:verified", "tlp:amber",
    "status:draft", "briefing:gen", "severity:>=high", "severity:low", "has:quote",
    "has:source", "has:date", "after:2018-12", "before:2019", "date:2018..2020", "date:2021",
)  # fmt: skip
"""A term of each kind the filter language has (but the reading state and across facts)."""
filter_queries = st.recursive(
    st.sampled_from(FILTER_TERMS),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(" ".join),
        st.tuples(inner, inner).map(" OR ".join),
        inner.map(lambda query: f"-({query})"),
    ),
    max_leaves=4,
)
"""Queries of a few of those terms, with AND, OR and negation."""
