"""Numbers in the library's columns are never cut: 20,000 incidents read ``20k``."""

from __future__ import annotations

import pytest

from briefing_tui.model import Handling, PartialDate
from briefing_tui.model.format.header import BriefingHeader
from briefing_tui.widgets.rows import LibraryRow, briefing_rows, compact_count


@pytest.mark.parametrize(
    ("number", "shown"),
    [(0, "0"), (9_999, "9999"), (20_000, "20k"), (100_000, "100k"), (999_999, "999k"),
     (3_500_000, "3M")],
)  # fmt: skip
def test_a_count_fits_four_characters_and_is_never_overstated(number: int, shown: str) -> None:
    assert compact_count(number) == shown


@pytest.mark.parametrize(("incidents", "shown"), [(20_000, "20k"), (100_000, "100k")])
def test_the_inc_and_q_cells_show_the_number_whole(incidents: int, shown: str) -> None:
    header = BriefingHeader(
        "brf-x", "X", PartialDate.parse("2026"), "final", Handling(tlp="clear"), incidents, 12_345
    )
    rows = briefing_rows([LibraryRow(header)])
    _, _, inc, quotes, *_ = rows.row_text(0, 80).split()
    assert (inc, quotes) == (shown, "12k")
