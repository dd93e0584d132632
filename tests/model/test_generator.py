"""Tests for ``bench/generate.py``, the synthetic library generator.

``bench`` is not a package: the module is loaded by path. ``check_briefing`` is a small,
independent checker of the ``briefing/v1`` contract (FORMAT.md) that the generated files
must pass: required fields, enums, id prefixes, partial dates, and that every reference
resolves to an object of the right collection in the same file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from random import Random
from types import ModuleType
from typing import Any

import pytest
import yaml
from generator_support import load_generator


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return load_generator()


def generate(gen: ModuleType, outdir: Path, **kwargs: int) -> list[Path]:
    paths: list[Path] = gen.generate_library(outdir, **kwargs)
    return paths


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------------------
# A small checker of FORMAT.md
# --------------------------------------------------------------------------------------

PARTIAL_DATE = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2}))?)?)?$"
)
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_BODY = r"[a-z0-9][a-z0-9._-]*"
PREFIXES = {
    "sources": "src",
    "entities": "ent",
    "incidents": "inc",
    "quotes": "q",
    "notes": "note",
}
TLP = {"clear", "green", "amber", "amber+strict", "red"}
STATUS = {"draft", "final", "superseded", "withdrawn"}
SOURCE_KINDS = {
    "article",
    "report",
    "statement",
    "transcript",
    "broadcast",
    "web",
    "social",
    "dataset",
    "document",
    "other",
}
ENTITY_KINDS = {
    "person",
    "organization",
    "government",
    "group",
    "country",
    "location",
    "law",
    "agreement",
    "document",
    "event",
    "other",
}
INCIDENT_TYPES = {"incident", "development", "context"}
DETERMINATIONS = {"confirmed", "suspected", "alleged", "disputed", "unknown"}
ATTRIBUTIONS = {"confirmed", "assessed", "as-reported"}
SEVERITIES = {"info", "low", "medium", "high", "critical"}
QUOTE_KINDS = {"direct", "partial", "paraphrase", "translation"}
VERIFICATIONS = {"unverified", "verified", "disputed"}
NOTE_KINDS = {"note", "assessment", "caveat"}
RELIABILITY = set("ABCDEF")


def check_briefing(doc: Any) -> list[str]:
    """Return the problems of one loaded briefing (an empty list when it is valid)."""
    problems: list[str] = []

    def bad(where: str, message: str) -> None:
        problems.append(f"{where}: {message}")

    def text(where: str, value: Any, required: bool = True) -> None:
        if value is None and not required:
            return
        if not isinstance(value, str) or not value.strip():
            bad(where, f"expected a non-empty string, got {value!r}")

    def date(where: str, value: Any) -> None:
        if not isinstance(value, str) or PARTIAL_DATE.match(value) is None:
            bad(where, f"expected a partial date string, got {value!r}")

    def enum(where: str, value: Any, allowed: set[str], required: bool = False) -> None:
        if value is None and not required:
            return
        if not isinstance(value, str) or value not in allowed:
            bad(where, f"{value!r} is not one of {sorted(allowed)}")

    def str_list(where: str, value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad(where, f"expected a list of strings, got {value!r}")
            return []
        return value

    if not isinstance(doc, dict):
        return [f"top level: expected a mapping, got {type(doc).__name__}"]
    if doc.get("schema") != "briefing/v1":
        bad("schema", f"expected 'briefing/v1', got {doc.get('schema')!r}")
    brf_id = doc.get("id")
    if not isinstance(brf_id, str) or re.match(rf"^brf-{ID_BODY}$", brf_id) is None:
        bad("id", f"expected a brf- id, got {brf_id!r}")
    text("title", doc.get("title"))
    text("subtitle", doc.get("subtitle"), required=False)
    date("date", doc.get("date"))
    for key in ("created", "updated"):
        if key in doc and (not isinstance(doc[key], str) or TIMESTAMP.match(doc[key]) is None):
            bad(key, f"expected an RFC 3339 timestamp, got {doc[key]!r}")
    enum("status", doc.get("status"), STATUS)
    for i, author in enumerate(doc.get("authors") or []):
        if not isinstance(author, dict):
            bad(f"authors[{i}]", "expected a mapping")
        else:
            text(f"authors[{i}].name", author.get("name"))

    handling = doc.get("handling")
    if not isinstance(handling, dict):
        bad("handling", "required mapping is missing")
    else:
        tlp = handling.get("tlp")
        enum("handling.tlp", tlp.lower() if isinstance(tlp, str) else tlp, TLP, required=True)
        text("handling.banner", handling.get("banner"), required=False)
        str_list("handling.statements", handling.get("statements"))

    for i, tag in enumerate(str_list("tags", doc.get("tags"))):
        if KEBAB.match(tag) is None:
            bad(f"tags[{i}]", f"{tag!r} is not kebab-case")

    # Collections: ids, uniqueness, per-collection index.
    index: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in PREFIXES}
    all_ids: set[str] = set()
    for name, prefix in PREFIXES.items():
        items = doc.get(name)
        if items is None:
            continue
        if not isinstance(items, list):
            bad(name, "expected a list")
            continue
        pattern = re.compile(rf"^{prefix}-{ID_BODY}$")
        for i, item in enumerate(items):
            where = f"{name}[{i}]"
            if not isinstance(item, dict):
                bad(where, "expected a mapping")
                continue
            item_id = item.get("id")
            if not isinstance(item_id, str) or pattern.match(item_id) is None:
                bad(f"{where}.id", f"expected a {prefix}- id, got {item_id!r}")
                continue
            if item_id in all_ids:
                bad(f"{where}.id", f"duplicate id {item_id!r}")
            all_ids.add(item_id)
            index[name][item_id] = item

    def refs(where: str, value: Any, collection: str | None) -> None:
        """``value`` is one id or a list of ids of ``collection`` (None: any collection)."""
        ids = [value] if isinstance(value, str) else str_list(where, value)
        for ref in ids:
            known = all_ids if collection is None else index[collection]
            if ref not in known:
                bad(where, f"reference {ref!r} does not resolve to {collection or 'any'}")

    def when(where: str, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, str):
            date(where, value)
            return
        if not isinstance(value, dict):
            bad(where, f"expected a partial date or a mapping, got {value!r}")
            return
        for key in ("at", "start", "end"):
            if key in value:
                date(f"{where}.{key}", value[key])
        if "at" in value and ("start" in value or "end" in value):
            bad(where, "'at' excludes 'start'/'end'")
        if not ({"at", "start", "end", "text"} & value.keys()):
            bad(where, "needs at, start, end or text")
        if "approximate" in value and not isinstance(value["approximate"], bool):
            bad(f"{where}.approximate", "expected a boolean")
        text(f"{where}.text", value.get("text"), required=False)
        refs(f"{where}.sources", value.get("sources"), "sources")
        start, end = value.get("start"), value.get("end")
        if isinstance(start, str) and isinstance(end, str) and end < start:
            bad(where, f"end {end!r} is before start {start!r}")

    summary = doc.get("summary")
    if isinstance(summary, dict):
        text("summary.text", summary.get("text"))
        str_list("summary.key_points", summary.get("key_points"))
        text("summary.assessment", summary.get("assessment"), required=False)
        refs("summary.sources", summary.get("sources"), "sources")
        refs("summary.quotes", summary.get("quotes"), "quotes")
    else:
        text("summary", summary)

    for sid, src in index["sources"].items():
        where = f"source {sid}"
        enum(f"{where}.kind", src.get("kind"), SOURCE_KINDS, required=True)
        text(f"{where}.title", src.get("title"))
        text(f"{where}.url", src.get("url"), required=False)
        for key in ("published", "retrieved"):
            if key in src:
                date(f"{where}.{key}", src[key])
        if "consulted" in src and not isinstance(src["consulted"], bool):
            bad(f"{where}.consulted", "expected a boolean")
        enum(f"{where}.reliability", src.get("reliability"), RELIABILITY)

    for eid, ent in index["entities"].items():
        where = f"entity {eid}"
        enum(f"{where}.kind", ent.get("kind"), ENTITY_KINDS, required=True)
        text(f"{where}.name", ent.get("name"))
        str_list(f"{where}.aliases", ent.get("aliases"))
        country = ent.get("country")
        if country is not None and (
            not isinstance(country, str) or re.match(r"^[A-Z]{2}$", country) is None
        ):
            bad(f"{where}.country", f"expected an ISO 3166 alpha-2 code, got {country!r}")
        if "parent" in ent:
            refs(f"{where}.parent", ent["parent"], "entities")
        refs(f"{where}.members", ent.get("members"), "entities")
        refs(f"{where}.sources", ent.get("sources"), "sources")

    for iid, inc in index["incidents"].items():
        where = f"incident {iid}"
        text(f"{where}.title", inc.get("title"))
        enum(f"{where}.type", inc.get("type"), INCIDENT_TYPES)
        text(f"{where}.description", inc.get("description"), required=False)
        for i, cat in enumerate(str_list(f"{where}.category", inc.get("category"))):
            if KEBAB.match(cat) is None:
                bad(f"{where}.category[{i}]", f"{cat!r} is not kebab-case")
        enum(f"{where}.determination", inc.get("determination"), DETERMINATIONS)
        when(f"{where}.when", inc.get("when"))
        refs(f"{where}.locations", inc.get("locations"), "entities")
        for i, actor in enumerate(inc.get("actors") or []):
            if not isinstance(actor, dict):
                bad(f"{where}.actors[{i}]", "expected a mapping")
                continue
            refs(f"{where}.actors[{i}].entity", actor.get("entity"), "entities")
            text(f"{where}.actors[{i}].role", actor.get("role"))
            enum(f"{where}.actors[{i}].attribution", actor.get("attribution"), ATTRIBUTIONS)
        enum(f"{where}.severity", inc.get("severity"), SEVERITIES)
        confidence = inc.get("confidence")
        if confidence is not None and (
            isinstance(confidence, bool)
            or not isinstance(confidence, int | float)
            or not 0 <= confidence <= 100
        ):
            bad(f"{where}.confidence", f"expected 0 to 100, got {confidence!r}")
        refs(f"{where}.sources", inc.get("sources"), "sources")
        refs(f"{where}.quotes", inc.get("quotes"), "quotes")
        refs(f"{where}.related", inc.get("related"), "incidents")
        str_list(f"{where}.tags", inc.get("tags"))

    for qid, quote in index["quotes"].items():
        where = f"quote {qid}"
        text(f"{where}.text", quote.get("text"))
        enum(f"{where}.kind", quote.get("kind"), QUOTE_KINDS, required=True)
        refs(f"{where}.source", quote.get("source"), "sources")
        if ("speaker" in quote) == ("speaker_label" in quote):
            bad(where, "needs exactly one of speaker or speaker_label")
        if "speaker" in quote:
            refs(f"{where}.speaker", quote["speaker"], "entities")
        text(f"{where}.speaker_label", quote.get("speaker_label"), required=False)
        when(f"{where}.said", quote.get("said"))
        if "original_source" in quote:
            refs(f"{where}.original_source", quote["original_source"], "sources")
        enum(f"{where}.verification", quote.get("verification"), VERIFICATIONS)
        refs(f"{where}.about", quote.get("about"), None)

    for nid, note in index["notes"].items():
        where = f"note {nid}"
        text(f"{where}.text", note.get("text"))
        enum(f"{where}.kind", note.get("kind"), NOTE_KINDS)
        refs(f"{where}.about", note.get("about"), None)

    for i, rel in enumerate(str_list("related_briefings", doc.get("related_briefings"))):
        if re.match(rf"^brf-{ID_BODY}$", rel) is None:
            bad(f"related_briefings[{i}]", f"expected a brf- id, got {rel!r}")
    return problems


def assert_plain_yaml(text: str) -> None:
    """One document, no anchors, aliases or tags (FORMAT.md, YAML rules)."""
    documents = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        assert not isinstance(event, yaml.AliasEvent), "alias in output"
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
        if isinstance(event, yaml.NodeEvent):
            assert event.anchor is None, f"anchor {event.anchor!r} in output"
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            assert event.tag is None, f"tag {event.tag!r} in output"
    assert documents == 1


def quoted_ids(doc: dict[str, Any]) -> set[str]:
    return {ref for inc in doc.get("incidents") or [] for ref in inc.get("quotes") or []}


def load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        doc = yaml.safe_load(handle)
    assert isinstance(doc, dict)
    return doc


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------

TINY = {"briefings": 5, "incidents": 3, "quotes": 2, "seed": 7}


def test_same_seed_gives_identical_bytes(gen: ModuleType, tmp_path: Path) -> None:
    generate(gen, tmp_path / "a", **TINY)
    generate(gen, tmp_path / "b", **TINY)
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert len(first) == 5
    assert first == second


def test_other_seed_gives_other_content(gen: ModuleType, tmp_path: Path) -> None:
    generate(gen, tmp_path / "a", **TINY)
    generate(gen, tmp_path / "b", **{**TINY, "seed": 8})
    assert tree(tmp_path / "a") != tree(tmp_path / "b")


def test_file_count_and_layout(gen: ModuleType, tmp_path: Path) -> None:
    paths = generate(gen, tmp_path, **TINY)
    assert len(paths) == 5
    assert sorted(paths) == sorted(tmp_path.rglob("*.yaml"))
    ids = []
    for path in paths:
        doc = load(path)
        ids.append(doc["id"])
        assert path.name == f"{doc['id']}.yaml"
        assert path.parent.parent == tmp_path
        assert path.parent.name == doc["date"][:4]
        assert len(doc["incidents"]) == 3
        assert len(doc["quotes"]) == 2
    assert sorted(ids) == [f"brf-gen-{n:05d}" for n in range(1, 6)]


def test_every_reference_resolves(gen: ModuleType, tmp_path: Path) -> None:
    for path in generate(gen, tmp_path, **TINY):
        assert_plain_yaml(path.read_text(encoding="utf-8"))
        doc = load(path)
        assert check_briefing(doc) == [], path
        assert {q["id"] for q in doc["quotes"]} <= quoted_ids(doc), "a quote is never cited"


def test_checker_catches_broken_references(gen: ModuleType) -> None:
    doc = yaml.safe_load(gen.briefing_yaml(1, Random(5), 3, 2))
    assert check_briefing(doc) == []
    doc["incidents"][0]["sources"] = ["src-missing"]
    doc["incidents"][1]["actors"] = [{"entity": doc["sources"][0]["id"], "role": "victim"}]
    doc["quotes"][0]["speaker"] = "ent-nobody"
    doc["quotes"][0].pop("speaker_label", None)
    doc["entities"].append(dict(doc["entities"][0]))
    problems = check_briefing(doc)
    assert any("src-missing" in p for p in problems)
    assert any(".actors[0].entity" in p for p in problems)
    assert any("ent-nobody" in p for p in problems)
    assert any("duplicate id" in p for p in problems)


def test_default_sized_briefing_is_valid(gen: ModuleType) -> None:
    """One briefing at the default size: about 23 KB, and valid."""
    text: str = gen.briefing_yaml(3, Random(11), 30, 20)
    doc = yaml.load(text, Loader=yaml.CSafeLoader)
    assert check_briefing(doc) == []
    assert {q["id"] for q in doc["quotes"]} <= quoted_ids(doc)
    assert len(doc["incidents"]) == 30 and len(doc["quotes"]) == 20
    assert 8 <= len(doc["entities"]) <= 16
    assert 15_000 < len(text.encode()) < 35_000
    assert_plain_yaml(text)


def test_index_is_independent_of_library_size(gen: ModuleType, tmp_path: Path) -> None:
    small = generate(gen, tmp_path / "small", briefings=2, incidents=3, quotes=2)
    large = generate(gen, tmp_path / "large", briefings=4, incidents=3, quotes=2)
    assert small[1].read_bytes() == large[1].read_bytes()


def test_quotes_need_incidents(gen: ModuleType) -> None:
    with pytest.raises(ValueError, match="incident"):
        gen.briefing_yaml(1, Random(1), 0, 2)
    doc = yaml.safe_load(gen.briefing_yaml(1, Random(1), 0, 0))
    assert check_briefing(doc) == []


TRICKY = [
    "plain",
    'say "hello"',
    "back\\slash \\n not a newline",
    "line\nbreak\ttab\rreturn",
    "\x00\x07\x1b\x7f\x85\u2028\u2029\ufeff",
    "Josée Zoë Müller Łukasz 中文 🙂",
    "# not a comment: {not: flow} [nor] & * ! % @ `",
    "  leading and trailing  ",
    "",
    "yes",
    "2018-12-10",
]


@pytest.mark.parametrize("value", TRICKY)
def test_q_round_trips(gen: ModuleType, value: str) -> None:
    q: Callable[[str], str] = gen.q
    assert yaml.safe_load(f"key: {q(value)}") == {"key": value}
    assert yaml.load(f"- {q(value)}", Loader=yaml.CSafeLoader) == [value]


def test_folded_round_trips(gen: ModuleType) -> None:
    words = 'Officials detained an editor. The embassy called it "groundless" # ok: fine.'
    value = " ".join([words] * 12 + ["averyveryveryveryveryveryveryveryveryveryverylongword"])
    loaded = yaml.safe_load(f"a:\n  b: {gen.folded(value, 4)}\n")
    assert loaded == {"a": {"b": value}}
