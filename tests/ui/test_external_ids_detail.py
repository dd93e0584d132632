"""An entity's and a source's detail show their external ids as plain text, never links."""

from __future__ import annotations

from briefing_tui.model import BriefingLinks
from briefing_tui.model.format.dates import PartialDate
from briefing_tui.model.format.types import Briefing, Entity, Handling, Source
from briefing_tui.widgets.detail_parts import Field, Link, entity_parts, source_parts


def test_external_ids_are_a_plain_field() -> None:
    entity = Entity(id="ent-x", kind="group", name="APT1",
                    external_ids={"mitre-attack": "G0006", "wikidata": "Q1318"})  # fmt: skip
    source = Source(id="src-x", kind="report", title="R", external_ids={"doi": "10.1000/182"})
    briefing = Briefing(
        schema="briefing/v1", id="brf-x", title="X", date=PartialDate.parse("2020"),
        handling=Handling(tlp="clear"), summary="s", entities=(entity,), sources=(source,),
    )  # fmt: skip
    links = BriefingLinks.build(briefing)
    for parts, shown in (
        (entity_parts(briefing, links, entity), "mitre-attack:G0006  wikidata:Q1318"),
        (source_parts(briefing, links, source), "doi:10.1000/182"),
    ):
        fields = {p.label: p.value for p in parts if isinstance(p, Field)}
        assert fields["External ids (not opened)"] == shown
        assert not [p for p in parts if isinstance(p, Link) and "1318" in str(p)]
