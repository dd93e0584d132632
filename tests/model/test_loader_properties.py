"""Property tests: whatever the input, the loader returns a briefing or problems,
and that result comes back equal through the codec of the workers and the parse cache."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_tui.model import FileResult, load_bytes
from briefing_tui.model.loading.codec import decode_result, encode_result
from briefing_tui.model.state.records import content_hash

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEED = (
    resources.files("briefing_tui.samples")
    .joinpath("canada-china-security-cooperation.yaml")
    .read_text(encoding="utf-8")
)


def check_invariants(result: FileResult, data: bytes) -> None:
    """What holds for every input."""
    assert isinstance(result, FileResult)
    assert result.path == "prop.yaml"
    errors = [p for p in result.problems if p.severity == "error"]
    assert (result.briefing is None) == bool(errors)
    # libyaml also breaks lines at CR, NEL, U+2028 and U+2029; splitlines() breaks at
    # all of them (and a few more), so it gives an upper bound.
    line_count = len(data.decode("utf-8", "replace").splitlines()) + 1
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.line <= line_count + 1, problem
        assert problem.severity in ("error", "warning", "note")
        assert "\n" not in problem.format()
    if result.briefing is not None:
        briefing = result.briefing
        collections = (
            briefing.sources, briefing.entities, briefing.incidents, briefing.quotes, briefing.notes
        )  # fmt: skip
        ids = [briefing.id] + [item.id for collection in collections for item in collection]
        assert len(ids) == len(set(ids)), "a loaded briefing's ids are unique"
    check_round_trip(result)


def check_round_trip(result: FileResult) -> None:
    """What a worker sends or the cache keeps decodes to an equal result and header."""
    try:
        payload = encode_result(result)
    except ValueError:  # a few results cannot travel (an integer beyond 64 bits)
        return
    back = decode_result(result.path, payload)
    assert back.header == result.header
    assert back == result
    if result.briefing is not None:  # the codec hashes the bytes it encodes: the same hash
        assert back.content_hash == content_hash(result.briefing)


def has_anchor_or_alias(text: str) -> bool:
    """By PyYAML's pure-Python parser, independent of the loader's own scan."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if getattr(event, "anchor", None) is not None:
                return True
    except yaml.YAMLError:
        return False
    return False


def check_text(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    result = load_bytes("prop.yaml", data)
    check_invariants(result, data)
    if result.briefing is not None:
        assert not has_anchor_or_alias(text), "a file with an anchor or alias loaded"


# --- arbitrary bytes --------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_result_never_an_exception(data: bytes) -> None:
    check_invariants(load_bytes("prop.yaml", data), data)


@SETTINGS
@given(st.binary(max_size=300), st.integers(min_value=0, max_value=len(SEED)))
def test_bytes_spliced_into_a_valid_file_give_a_result(junk: bytes, at: int) -> None:
    data = SEED.encode()[:at] + junk + SEED.encode()[at:]
    check_invariants(load_bytes("prop.yaml", data), data)


# --- YAML-ish documents from a tiny emitter ---------------------------------------

FIELD_NAMES = [
    "schema", "id", "title", "date", "handling", "tlp", "summary", "text", "sources",
    "entities", "incidents", "quotes", "notes", "kind", "name", "when", "at", "start",
    "end", "source", "speaker", "speaker_label", "about", "tags", "extensions",
    "confidence", "actors", "entity", "role", "key_points", "related", "consulted",
]  # fmt: skip
TRICKY_WORDS = [
    "briefing/v1", "brf-x", "src-one", "ent-a", "inc-a", "q-a", "note-a", "clear", "RED",
    "article", "person", "direct", "true", "no", "~", "", "2018", "2018-12", "2019-02-29",
    "2024-05-01T09:30:00Z", "0x1F", "1e3", ".inf", "101", "&a", "*a", "!!str", "[", "{",
    ":", "- x", "#", "|", ">", "'", '"', "\\", "\t", "\u202e", "\x85", "\ufeff",
]  # fmt: skip

# A generated node is ("str", style, text), ("seq", block, items) or
# ("map", block, [(key, value), ...]); keys are "str" nodes.
Node = tuple[str, Any, Any]

# Plain scalars are mostly words YAML accepts plainly (so that most documents reach
# the converter), sometimes tricky ones; any text at all goes in double quotes.
PLAIN_WORDS = [w for w in TRICKY_WORDS if w.isprintable() and w[:1].isalnum()]
words = st.sampled_from(TRICKY_WORDS) | st.text(max_size=10)
scalars = st.tuples(st.just("str"), st.just("quoted"), words) | st.tuples(
    st.just("str"),
    st.just("plain"),
    st.sampled_from(PLAIN_WORDS) | st.sampled_from(TRICKY_WORDS),
)
keys = st.tuples(st.just("str"), st.just("plain"), st.sampled_from(FIELD_NAMES)) | scalars


def containers(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.tuples(st.just("seq"), st.booleans(), st.lists(children, max_size=4)) | st.tuples(
        st.just("map"), st.booleans(), st.lists(st.tuples(keys, children), max_size=5)
    )


values = st.recursive(scalars, containers, max_leaves=30)


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar; every non-printable character as an escape."""
    escaped = (
        "\\" + char if char in '"\\' else char if char.isprintable() else f"\\U{ord(char):08x}"
        for char in text
    )
    return '"' + "".join(escaped) + '"'


def emit_flow(node: Node) -> str:
    kind, style, items = node
    if kind == "str":
        return yaml_quote(items) if style == "quoted" else str(items)
    if kind == "seq":
        return "[" + ", ".join(emit_flow(item) for item in items) + "]"
    return "{" + ", ".join(f"{emit_flow(k)}: {emit_flow(v)}" for k, v in items) + "}"


def emit_block(node: Node, indent: int) -> list[str]:
    """Block style where the tree asks for it (and it is not empty), flow style inside."""
    pad = " " * indent
    kind, block, items = node
    if kind == "str" or not block or not items:
        return [pad + emit_flow(node)]
    lines: list[str] = []
    if kind == "map":
        for key, value in items:
            if value[0] != "str" and value[1] and value[2]:
                lines.append(f"{pad}{emit_flow(key)}:")
                lines.extend(emit_block(value, indent + 2))
            else:
                lines.append(f"{pad}{emit_flow(key)}: {emit_flow(value)}")
        return lines
    for item in items:
        inner = emit_block(item, indent + 2)
        inner[0] = pad + "- " + inner[0].lstrip()
        lines.extend(inner)
    return lines


def plain(text: str) -> Node:
    return ("str", "plain", text)


REQUIRED: list[tuple[Node, Node]] = [
    (plain("schema"), plain("briefing/v1")),
    (plain("id"), plain("brf-prop")),
    (plain("title"), plain("A title")),
    (plain("date"), plain("2018-12")),
    (plain("handling"), ("map", False, [(plain("tlp"), plain("clear"))])),
    (plain("summary"), plain("Summary")),
]


@SETTINGS
@given(st.lists(st.tuples(keys, values), max_size=8), st.booleans())
def test_generated_documents_give_a_briefing_or_problems(
    fields: list[tuple[Node, Node]], with_required: bool
) -> None:
    top: Node = ("map", True, (REQUIRED if with_required else []) + fields)
    check_text("\n".join(emit_block(top, 0)) + "\n")


def test_the_emitter_writes_loadable_briefings() -> None:
    """The generator above reaches the converter, not only the YAML parser."""
    text = "\n".join(emit_block(("map", True, REQUIRED), 0)) + "\n"
    assert load_bytes("prop.yaml", text.encode()).ok
    tags: Node = ("seq", True, [plain("a"), ("str", "quoted", "b")])
    nested: Node = ("map", True, [*REQUIRED, (plain("tags"), tags)])
    result = load_bytes("prop.yaml", ("\n".join(emit_block(nested, 0)) + "\n").encode())
    assert result.briefing is not None and result.briefing.tags == ("a", "b")


# --- mutations of the seed file ---------------------------------------------------

INSERTS = "&*![]{}:,-#|>'\"\t\n\\%@`?~"
mutations = st.lists(
    st.tuples(
        st.sampled_from(["delete line", "duplicate line", "swap", "insert"]),
        st.integers(min_value=0, max_value=10**6),
        st.sampled_from(list(INSERTS)),
    ),
    min_size=1,
    max_size=4,
)


def mutate(text: str, steps: list[tuple[str, int, str]]) -> str:
    for kind, where, char in steps:
        if kind in ("delete line", "duplicate line"):
            lines = text.splitlines(keepends=True)
            if not lines:
                continue
            i = where % len(lines)
            lines[i : i + 1] = [] if kind == "delete line" else [lines[i], lines[i]]
            text = "".join(lines)
        elif kind == "swap" and len(text) > 1:
            i = where % (len(text) - 1)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        elif kind == "insert":
            i = where % (len(text) + 1)
            text = text[:i] + char + text[i:]
    return text


@SETTINGS
@given(mutations)
def test_mutations_of_the_seed_file_give_a_briefing_or_problems(
    steps: list[tuple[str, int, str]],
) -> None:
    check_text(mutate(SEED, steps))


def test_the_seed_file_loads_cleanly() -> None:
    result = load_bytes("prop.yaml", SEED.encode())
    assert result.briefing is not None
    assert result.problems == ()


def test_extensions_with_keys_that_are_not_text_come_back_from_the_cache_whole() -> None:
    """YAML keys of any kind (``0x1F:`` is the number 31, ``yes:`` stays text here) in
    ``extensions`` travel through the worker's encoding and the cache: the briefing is
    decoded, not lost (the file ``prop.yaml`` does not exist, so nothing could read it
    again). Found by test_generated_documents_give_a_briefing_or_problems."""
    text = SEED.rstrip("\n") + "\nextensions:\n  0x1F: briefing/v1\n  2.5: [a]\n  ~: null\n"
    result = load_bytes("prop.yaml", text.encode())
    assert result.briefing is not None and result.briefing.extensions is not None
    assert set(result.briefing.extensions) == {31, 2.5, None}
    check_round_trip(result)
