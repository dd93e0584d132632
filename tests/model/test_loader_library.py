"""The library and the back-links a reader follows from one object to another."""

from __future__ import annotations

from loader_cases import FULL, MINIMAL, load_text, replace_line

from briefing_tui.model import BriefingLinks, FileResult, Library, load_bytes


def full_links() -> BriefingLinks:
    result = load_text(FULL)
    assert result.briefing is not None
    return Library.from_results([result]).links(result.briefing)


def test_items_are_found_by_id_in_every_collection() -> None:
    links = full_links()
    assert sorted(links.items) == [
        "ent-person", "ent-place", "inc-first", "inc-second",
        "note-one", "q-one", "q-two", "src-one", "src-two",
    ]  # fmt: skip
    assert links.items["q-two"].text == "Other words."  # type: ignore[union-attr]


def test_quotes_know_the_incidents_they_support() -> None:
    assert full_links().supported_by == {"q-two": ("inc-first",)}


def test_sources_know_what_cites_them() -> None:
    cited_by = full_links().cited_by
    assert cited_by["src-one"] == ("summary", "inc-first", "q-one")
    assert cited_by["src-two"] == ("inc-second", "q-two")


def test_entities_know_where_they_appear() -> None:
    appears_in = full_links().appears_in
    assert appears_in["ent-person"] == ("inc-first", "q-one", "note-one")
    assert appears_in["ent-place"] == ("inc-first",)


def test_notes_and_quotes_are_found_from_what_they_are_about() -> None:
    about = full_links().about
    assert about == {"inc-first": ("note-one",), "ent-person": ("note-one",)}


def test_links_are_built_once_per_briefing() -> None:
    result = load_text(FULL)
    assert result.briefing is not None
    library = Library.from_results([result])
    assert library.links(result.briefing) is library.links(result.briefing)


def test_the_library_is_newest_first_and_counts_what_it_holds() -> None:
    older = load_bytes("old.yaml", replace_line(MINIMAL, "date:", "date: 2017").encode())
    newer = load_text(FULL)
    library = Library.from_results([older, newer])
    assert [b.id for b in library] == ["brf-full", "brf-minimal"]
    assert (len(library), library.incident_count, library.quote_count) == (2, 2, 2)
    assert library.path_of("brf-minimal") == "old.yaml"
    assert library.get("brf-nothing") is None


def test_briefings_of_one_date_are_listed_by_path_whatever_order_they_load_in() -> None:
    """Every start lists (and indexes) a library in the same order, though worker
    processes finish its files in any order."""
    same_day = replace_line(MINIMAL, "date:", "date: 2017-05-01")
    results = [
        load_bytes(
            f"{name}.yaml", replace_line(same_day, "id:", f"id: brf-{name.lower()}").encode()
        )
        for name in ("c", "A", "b", "d")
    ]
    newer = load_text(FULL, "z.yaml")
    orders = [results, results[::-1], [results[2], results[0], results[3], results[1]]]
    for order in orders:
        library = Library.from_results([*order[:2], newer, *order[2:]])
        assert [h.id for h in library.headers] == ["brf-full", "brf-a", "brf-b", "brf-c", "brf-d"]
        assert all(library.position(h.id) == n for n, h in enumerate(library.headers))


def test_briefings_of_one_instant_are_listed_finest_date_first() -> None:
    """2017-01-01T00:00:00Z, 2017-01-01, 2017-01 and 2017 start at the same instant: the
    most precise is the newest; a briefing of the day before comes after them all."""
    dates = ("2017", "2016-12-31", "2017-01-01", "2017-01-01T00:00:00Z", "2017-01")
    results = [
        load_bytes(
            f"{number}.yaml",
            replace_line(
                replace_line(MINIMAL, "date:", f'date: "{date}"'), "id:", f"id: brf-{number}"
            ).encode(),
        )
        for number, date in enumerate(dates)
    ]
    for order in (results, results[::-1]):
        library = Library.from_results(order)
        assert [str(h.date) for h in library.headers] == [
            "2017-01-01T00:00:00Z", "2017-01-01", "2017-01", "2017", "2016-12-31"
        ]  # fmt: skip


def test_each_handling_is_listed_once_in_the_order_of_its_newest_briefing() -> None:
    """What the library's marking combines: newest first, whatever order files load in."""

    def briefing(name: str, date: str, tlp: str) -> FileResult:
        text = replace_line(MINIMAL, "date:", f'date: "{date}"')
        text = replace_line(text, "handling:", f"handling: {{tlp: {tlp}}}")
        return load_bytes(f"{name}.yaml", replace_line(text, "id:", f"id: brf-{name}").encode())

    results = [
        briefing("a", "2017-03", "green"),
        briefing("b", "2019-01-01", "amber"),
        briefing("c", "2018", "green"),
        briefing("d", "2016", "red"),
    ]
    for order in (results, results[::-1], [results[2], results[0], results[3], results[1]]):
        library = Library.from_results(order)
        assert [h.tlp for h in library.handlings] == ["amber", "green", "red"]
