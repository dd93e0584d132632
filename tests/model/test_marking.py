"""Marking rules: the banner is the most restrictive of what is shown, never below the floor."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_tui.model import Handling
from briefing_tui.model.format.types import TLP_ORDER
from briefing_tui.model.marking import (
    DEFAULT_LEVELS,
    UNRECOGNISED,
    Marking,
    combine,
    parse_banner,
    rank_banner,
)


def handling(banner: str | None = None, tlp: str = "clear") -> Handling:
    return Handling(tlp=tlp, banner=banner)


@pytest.mark.parametrize(
    ("banner", "level"),
    [
        ("UNCLASSIFIED", "UNCLASSIFIED"),
        ("protected  b", "PROTECTED B"),
        ("  Secret ", "SECRET"),
        ("TOP SECRET//REL TO CAN, USA", "TOP SECRET"),
    ],
)
def test_levels_match_without_regard_to_case_or_spacing(banner: str, level: str) -> None:
    parsed = parse_banner(banner)
    assert parsed.recognised
    assert parsed.level == level
    assert parsed.rank == DEFAULT_LEVELS.index(level)


def test_text_after_double_slash_is_kept_as_caveats() -> None:
    parsed = parse_banner("SECRET//REL TO CAN,  USA // NOFORN")
    assert parsed.caveats == ("REL TO CAN, USA", "NOFORN")
    assert parsed.text == "SECRET // REL TO CAN, USA // NOFORN"


def test_default_order_is_least_to_most_restrictive() -> None:
    ranks = [rank_banner(level)[0] for level in DEFAULT_LEVELS]
    assert ranks == sorted(ranks)
    assert rank_banner("TOP SECRET")[0] > rank_banner("SECRET")[0] > rank_banner("PROTECTED C")[0]


@pytest.mark.parametrize(
    "banner",
    [
        "SECRET\x1b[8m",  # conceal: hides what follows
        "TOP SECRET\rUNCLASSIFIED",  # carriage return overwrites the level
        "UNCLASSIFIED\u202e",  # bidi override
        "SECRET\u2028UNCLASSIFIED",
        "SECRET\u00a0",  # a space that is not a space
        "␛[8mSECRET",  # a placeholder glyph typed into the file
        "SECRET ⟨U+202E⟩",
        "RESTRICTED",  # not a configured level
        "ЅЕСRЕТ",  # Cyrillic look-alikes
        "UNCLASSIFIED SECRET",
        "//NOFORN",
    ],
)
def test_strange_banners_rank_above_every_level(banner: str) -> None:
    rank, text = rank_banner(banner)
    assert rank == len(DEFAULT_LEVELS)
    assert text == UNRECOGNISED + banner
    assert combine([handling("TOP SECRET"), handling(banner)]).classification == text


def test_combine_shows_the_most_restrictive_tlp_and_classification() -> None:
    marking = combine(
        [
            handling("PROTECTED B", "red"),
            handling("SECRET//CAN EYES ONLY", "green"),
            handling("UNCLASSIFIED", "amber"),
        ]
    )
    assert marking.tlp == "red"
    assert marking.classification == "SECRET // CAN EYES ONLY"
    assert marking.text == "TLP:RED  SECRET // CAN EYES ONLY"


def test_banners_sharing_the_top_level_keep_every_distinct_caveat() -> None:
    marking = combine(
        [
            handling("SECRET//REL TO CAN, USA"),
            handling("secret // noforn"),
            handling("SECRET//rel to can, usa"),
            handling("PROTECTED B//CEO"),
        ]
    )
    assert marking.classification == "SECRET // REL TO CAN, USA // noforn"


def test_unrecognised_banners_are_all_shown() -> None:
    marking = combine([handling("RESTRICTED"), handling("SECRET"), handling("NATO")])
    assert marking.classification == UNRECOGNISED + "RESTRICTED | NATO"


def test_the_site_floor_is_never_undercut() -> None:
    floor = Marking("amber", "PROTECTED A")
    marking = combine([handling("UNCLASSIFIED", "clear")], floor=floor)
    assert (marking.tlp, marking.classification) == ("amber", "PROTECTED A")
    assert combine([], floor=floor).text == "TLP:AMBER  PROTECTED A"


def test_no_banner_and_blank_banners_show_only_the_tlp() -> None:
    assert combine([handling(None, "green"), handling("   ")]).text == "TLP:GREEN"


def test_levels_are_configurable() -> None:
    levels = ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET")
    assert rank_banner("official-sensitive", levels)[0] == 1
    assert rank_banner("TOP SECRET", levels)[1] == UNRECOGNISED + "TOP SECRET"
    marking = combine([handling("OFFICIAL"), handling("OFFICIAL-SENSITIVE")], levels=levels)
    assert marking.classification == "OFFICIAL-SENSITIVE"


# --- properties -----------------------------------------------------------------

_banner = st.one_of(
    st.none(),
    st.sampled_from(DEFAULT_LEVELS),
    st.builds(
        lambda level, caveat: f"{level}//{caveat}",
        st.sampled_from(DEFAULT_LEVELS),
        st.sampled_from(["REL TO CAN", "NOFORN", "CEO"]),
    ),
    st.text(max_size=12),
)
_handling = st.builds(handling, _banner, st.sampled_from(TLP_ORDER))
_floor = st.one_of(
    st.none(),
    st.builds(Marking, st.sampled_from(TLP_ORDER), st.sampled_from(("", *DEFAULT_LEVELS))),
)


@given(st.lists(_handling, max_size=6), _handling, _floor)
def test_adding_a_handling_never_lowers_the_marking(
    shown: list[Handling], added: Handling, floor: Marking | None
) -> None:
    before = combine(shown, floor=floor)
    after = combine([*shown, added], floor=floor)
    assert after.tlp_rank >= before.tlp_rank
    assert after.rank >= before.rank
    assert after.tlp_rank >= added.tlp_rank
    if added.banner and added.banner.strip(" "):
        assert after.rank >= parse_banner(added.banner).rank


@given(st.lists(_handling, max_size=6), _floor)
def test_the_floor_is_never_undercut(shown: list[Handling], floor: Marking | None) -> None:
    marking = combine(shown, floor=floor)
    if floor is not None:
        assert marking.tlp_rank >= floor.tlp_rank
        if floor.classification:
            assert marking.rank >= parse_banner(floor.classification).rank


@given(st.lists(_handling, max_size=6))
def test_order_of_handlings_does_not_change_the_rank(shown: list[Handling]) -> None:
    forward, backward = combine(shown), combine(list(reversed(shown)))
    assert (forward.tlp, forward.rank) == (backward.tlp, backward.rank)
