"""Linear mode's list rows read as sentences, state in words (widgets/linear_rows.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing_tui.model import Briefing, load_file
from briefing_tui.widgets import linear_rows
from briefing_tui.widgets.rows import entity_rows, incident_rows, quote_rows, source_rows

SEED = Path(__file__).parents[2] / "briefings" / "canada-china-security-cooperation.yaml"


@pytest.fixture
def briefing() -> Briefing:
    loaded = load_file(SEED).briefing
    assert loaded is not None
    return loaded


@pytest.fixture
def linear() -> Iterator[None]:
    linear_rows.configure(linear=True)
    yield
    linear_rows.configure(linear=False)


def test_each_kind_of_row_reads_as_a_sentence(briefing: Briefing) -> None:
    incidents = incident_rows(briefing.incidents)
    lai = next(i for i, item in enumerate(incidents.items) if item.id == "inc-jimmy-lai-sentence")
    assert linear_rows.row_sentence(incidents, lai) == (
        "Incident 6 of 9. Jimmy Lai imprisoned for 20 years under China's national security law."
        " Severity high. 1 source. When recent. Type incident."
    )
    assert linear_rows.row_sentence(quote_rows(briefing), 1).startswith(
        "Quote 2 of 3. Paraphrase of Anita Anand: Expressed Canada's disappointment"
    )
    assert linear_rows.row_sentence(source_rows(briefing.sources), 1) == (
        "Source 2 of 2. Findings of Canada's foreign interference inquiry. Kind report."
        " Cited, not consulted."
    )
    assert linear_rows.row_sentence(entity_rows(briefing.entities), 0) == (
        "Entity 1 of 19. Anita Anand, Foreign Affairs Minister. Kind person."
    )


def test_rows_are_sentences_only_in_linear_mode(briefing: Briefing, linear: None) -> None:
    rows = incident_rows(briefing.incidents)
    assert linear_rows.row_text(rows, 0, 200).startswith("Incident 1 of 9. Kidnapping")
    assert linear_rows.row_text(rows, 0, 30) == "Incident 1 of 9. Kidnapping an"  # cut to fit
    linear_rows.configure(linear=False)
    assert linear_rows.row_text(rows, 0, 200) == rows.row_text(0, 200)  # columns again
