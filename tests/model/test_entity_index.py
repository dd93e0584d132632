"""The entity index: merged only on a shared external id, names only ever a possible match."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from briefing_tui.model.format.dates import PartialDate
from briefing_tui.model.format.types import Actor, Briefing, Entity, Handling, Incident, When
from briefing_tui.model.search.entities import EntityIndex, appearances, kinds_conflict, name_key


def _briefing(briefing_id: str, entities: Sequence[Entity], when: str | None = None) -> Briefing:
    """A briefing naming ``entities``, with one incident they are all actors in."""
    incident = Incident(
        id="inc-one", title="One",
        when=When(at=PartialDate.parse(when)) if when else None,
        actors=tuple(Actor(entity=e.id, role="party") for e in entities),
    )  # fmt: skip
    return Briefing(
        schema="briefing/v1", id=briefing_id, title=briefing_id, date=PartialDate.parse("2020"),
        handling=Handling(tlp="clear"), summary="s", entities=tuple(entities),
        incidents=(incident,),
    )  # fmt: skip


# The two threat actors of the STIX corpus's apt1 bundle that share three aliases
# (../shared/corpora/stix/apt1.json), as two briefings would name them.
DOTA = Entity(id="ent-dota", kind="group", name="DOTA", aliases=("dota", "Rodney", "Raith"))
SUPERHARD = Entity(
    id="ent-superhard", kind="group", name="SuperHard", aliases=("dota", "Rodney", "Raith")
)


def test_a_shared_alias_is_a_possible_match_never_a_merge() -> None:
    index = EntityIndex.build([_briefing("brf-a", [DOTA]), _briefing("brf-b", [SUPERHARD])])
    assert sorted(group.name for group in index.groups()) == ["DOTA", "SuperHard"]
    dota = index.group_of("brf-a", "ent-dota")
    assert dota is not None and dota.briefing_ids == ("brf-a",)
    matches = index.possible_matches(dota)
    assert [(m.group.name, m.names) for m in matches] == [
        ("SuperHard", ("dota", "raith", "rodney"))
    ]


def test_names_are_folded_like_find() -> None:
    assert name_key("  Josée  Müller-Smith ") == "josee muller smith"
    first = Entity(id="ent-j", kind="person", name="Josée Müller")
    second = Entity(id="ent-k", kind="person", name="JOSEE MULLER.")
    index = EntityIndex.build([_briefing("brf-a", [first]), _briefing("brf-b", [second])])
    group = index.group_of("brf-a", "ent-j")
    assert group is not None
    assert [m.group.key for m in index.possible_matches(group)] == ["brf-b/ent-k"]


def test_conflicting_kinds_or_countries_are_not_matched() -> None:
    person = Entity(id="ent-george", kind="person", name="George")
    place = Entity(id="ent-george-town", kind="location", name="George")
    ca = Entity(id="ent-rcmp", kind="organization", name="RCMP", country="CA")
    us = Entity(id="ent-rcmp2", kind="government", name="RCMP", country="US")
    body = Entity(id="ent-rcmp3", kind="government", name="R.C.M.P.")
    index = EntityIndex.build([_briefing("brf-a", [person, ca]), _briefing("brf-b", [place, us]),
                               _briefing("brf-c", [body])])  # fmt: skip
    george = index.group_of("brf-a", "ent-george")
    rcmp = index.group_of("brf-a", "ent-rcmp")
    assert george is not None and rcmp is not None
    assert index.possible_matches(george) == []
    assert [m.group.key for m in index.possible_matches(rcmp)] == ["brf-c/ent-rcmp3"]
    assert kinds_conflict("person", "organization")
    assert not kinds_conflict("government", "organization")
    assert not kinds_conflict("other", "person")


def test_stop_list_and_common_names_are_flagged_not_linked() -> None:
    police = [Entity(id="ent-police", kind="government", name="Police") for _ in range(2)]
    index = EntityIndex.build([_briefing("brf-a", [police[0]]), _briefing("brf-b", [police[1]])])
    group = index.group_of("brf-a", "ent-police")
    assert group is not None
    assert index.possible_matches(group) == []
    assert index.flagged_names(group) == {"police": "on the stop list"}

    lai = Entity(id="ent-lai", kind="person", name="Jimmy Lai")
    library = [_briefing(f"brf-{n}", [lai]) for n in range(4)]
    guarded = EntityIndex.build(library, max_briefings=3)
    held = guarded.group_of("brf-0", "ent-lai")
    assert held is not None
    assert guarded.possible_matches(held) == []
    assert guarded.flagged_names(held) == {"jimmy lai": "held by 4 briefings (more than 3)"}
    guarded.remove("brf-3")  # back to three: linked again
    assert len(guarded.possible_matches(held)) == 2


def test_counts_dates_and_replacing_a_briefing() -> None:
    lai = Entity(id="ent-lai", kind="person", name="Jimmy Lai")
    index = EntityIndex.build([_briefing("brf-a", [lai], "2020-08"), _briefing("brf-b", [lai])])
    group = index.group_of("brf-a", "ent-lai")
    assert group is not None
    assert (group.kind, group.incidents, str(group.first), str(group.last)) == (
        "person", 1, "2020-08", "2020-08",
    )  # fmt: skip
    assert len(index) == 2
    renamed = Entity(id="ent-lai", kind="person", name="Lai Chee-ying")
    index.add(_briefing("brf-b", [renamed], "2021"))  # replaces brf-b
    assert len(index) == 2
    assert index.possible_matches(group) == []
    index.remove("brf-b")
    assert [g.key for g in index.groups()] == ["brf-a/ent-lai"]


def test_appearances_list_roles_for_an_entity_page() -> None:
    lai = Entity(id="ent-lai", kind="person", name="Jimmy Lai")
    place = Entity(id="ent-hk", kind="location", name="Hong Kong")
    incident = Incident(
        id="inc-arrest", title="Arrest", when=When(at=PartialDate.parse("2020-08-10")),
        actors=(Actor(entity="ent-lai", role="victim"),), locations=("ent-hk",),
    )  # fmt: skip
    briefing = Briefing(
        schema="briefing/v1", id="brf-hk", title="HK", date=PartialDate.parse("2021"),
        handling=Handling(tlp="clear"), summary="s", entities=(lai, place), incidents=(incident,),
    )  # fmt: skip
    assert [(a.item_id, a.role, str(a.date)) for a in appearances(briefing, "ent-lai")] == [
        ("inc-arrest", "victim", "2020-08-10")
    ]
    assert [a.role for a in appearances(briefing, "ent-hk")] == ["location"]
    group = EntityIndex.build([briefing]).group_of("brf-hk", "ent-hk")
    assert group is not None and (group.incidents, str(group.first)) == (1, "2020-08-10")


def test_a_shared_external_id_merges_across_briefings() -> None:
    first = Entity(
        id="ent-lai", kind="person", name="Jimmy Lai", external_ids={"wikidata": "Q1318"}
    )
    second = Entity(id="ent-jimmy", kind="person", name="Lai Chee-ying",
                    external_ids={"wikidata": "Q1318", "x-local": "77"})  # fmt: skip
    third = Entity(id="ent-other", kind="person", name="Someone", external_ids={"x-local": "77"})
    apart = Entity(id="ent-apart", kind="person", name="Jimmy Lai", external_ids={"wikidata": "Q2"})
    index = EntityIndex.build([
        _briefing("brf-a", [first], "2020-08"), _briefing("brf-b", [second], "2021"),
        _briefing("brf-c", [third]), _briefing("brf-d", [apart]),
    ])  # fmt: skip
    group = index.group_of("brf-a", "ent-lai")
    assert group is not None
    assert group.briefing_ids == ("brf-a", "brf-b", "brf-c")  # through the chain of ids
    assert group.external_ids == {"wikidata": ("Q1318",), "x-local": ("77",)}
    assert (group.incidents, str(group.first), str(group.last)) == (3, "2020-08", "2021")
    assert len(index) == 2
    assert [m.group.key for m in index.possible_matches(group)] == ["brf-d/ent-apart"]
    index.remove("brf-b")  # the link between brf-a and brf-c was brf-b's
    assert index.group_of("brf-a", "ent-lai") != index.group_of("brf-c", "ent-other")
    assert len(index) == 3


_IDS = st.dictionaries(st.sampled_from(["wikidata", "x-local"]), st.sampled_from(["1", "2", "3"]),
                       max_size=2)  # fmt: skip
_ENTITY_LISTS = st.lists(
    st.tuples(st.sampled_from(["ent-a", "ent-b", "ent-c"]), st.sampled_from(["Lai", "Ho"]), _IDS),
    max_size=3,
)
_STEPS = st.lists(
    st.tuples(st.sampled_from(["brf-1", "brf-2", "brf-3", "brf-4"]), st.none() | _ENTITY_LISTS),
    max_size=12,
)


def _shape(index: EntityIndex) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    return [(g.key, g.name, tuple(m.key for m in g.mentions)) for g in index.groups()]


@given(_STEPS)
def test_adding_and_removing_briefings_one_by_one_equals_building_anew(
    steps: list[tuple[str, list[tuple[str, str, dict[str, str]]] | None]],
) -> None:
    """Groups merged by shared ids, split when the briefing that linked them goes."""
    index = EntityIndex()
    held: dict[str, Briefing] = {}
    for briefing_id, entities in steps:
        if entities is None:
            index.remove(briefing_id)
            held.pop(briefing_id, None)
        else:
            briefing = _briefing(briefing_id, [
                Entity(id=e, kind="person", name=name, external_ids=ids)
                for e, name, ids in entities
            ])  # fmt: skip
            index.add(briefing)
            held[briefing_id] = briefing
        fresh = EntityIndex.build(held.values())
        assert _shape(index) == _shape(fresh)
        assert len(index) == len(fresh) == len(index.groups())
        for group in fresh.groups():
            for mention in group.mentions:
                found = index.group_of(*mention.key)
                assert found is not None and found.key == group.key
