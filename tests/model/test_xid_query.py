"""``xid:SCHEME:ID`` finds the items naming one thing by its external id."""

from __future__ import annotations

from briefing_tui.model.format.dates import PartialDate
from briefing_tui.model.format.types import (
    Actor,
    Briefing,
    Entity,
    Handling,
    Incident,
    Quote,
    Source,
)  # fmt: skip
from briefing_tui.model.search.index import SearchIndex
from briefing_tui.model.search.query import describe, parse_query


def _briefing(briefing_id: str, xid: str) -> Briefing:
    return Briefing(
        schema="briefing/v1", id=briefing_id, title=briefing_id, date=PartialDate.parse("2020"),
        handling=Handling(tlp="clear"), summary="s",
        sources=(Source(id="src-a", kind="article", title="A"),),
        entities=(
            Entity(id="ent-lai", kind="person", name="Jimmy Lai", external_ids={"wikidata": xid}),
            Entity(id="ent-hk", kind="location", name="Hong Kong"),
        ),
        incidents=(
            Incident(id="inc-arrest", title="Arrest",
                     actors=(Actor(entity="ent-lai", role="victim"),)),
            Incident(id="inc-other", title="Other", locations=("ent-hk",)),
        ),
        quotes=(Quote(id="q-lai", text="t", kind="direct", source="src-a", speaker="ent-lai"),),
    )  # fmt: skip


def test_xid_matches_the_entity_and_what_involves_it() -> None:
    index = SearchIndex.build([_briefing("brf-a", "Q1318"), _briefing("brf-b", "Q9")])
    refs = [entry.ref for entry in index.search("xid:wikidata:Q1318").entries()]
    assert refs == ["brf-a", "brf-a/inc-arrest", "brf-a/q-lai", "brf-a/ent-lai"]
    assert index.search("xid:wikidata:q9 kind:person").count() == 1
    assert index.search("xid:wikidata:Q2").count() == 0
    assert describe(parse_query("xid:wikidata:Q1318")) == "xid:wikidata:q1318"


def test_xid_without_a_scheme_matches_nothing() -> None:
    index = SearchIndex.build([_briefing("brf-a", "Q1318")])
    for query in ("xid:q1318", "xid:wikidata", "xid::q1318"):
        assert index.search(query).count() == 0
