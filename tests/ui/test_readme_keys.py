"""The README's table of keys says what the bindings really are, and lists them all."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

from briefing_tui.app import BriefingApp
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.entities import EntitiesScreen
from briefing_tui.screens.library import LibraryScreen
from briefing_tui.screens.overlay import Overlay
from briefing_tui.screens.reading import ReadingScreen
from briefing_tui.screens.results import ResultsScreen
from briefing_tui.screens.searchable import SearchableScreen
from briefing_tui.screens.timeline import TimelineScreen
from briefing_tui.widgets.detail import DetailView, LinkButton, LinkRows
from briefing_tui.widgets.filter_bar import FilterBar
from briefing_tui.widgets.find_bar import FindBar
from briefing_tui.widgets.item_list import ItemList

README = Path(__file__).resolve().parents[2] / "README.md"
WHERE: dict[str, type[DOMNode]] = {
    "everywhere": BriefingApp,
    "library": LibraryScreen,
    "briefing": BriefingScreen,
    "list": ItemList,
    "detail": DetailView,
    "link": LinkButton,
    "links": LinkRows,
    "overlay": Overlay,
    "search": SearchableScreen,
    "reading": ReadingScreen,
    "results": ResultsScreen,
    "timeline": TimelineScreen,
    "entities": EntitiesScreen,
    "findbar": FindBar,
    "filterbar": FilterBar,
}
ROW = re.compile(
    r"^\| (?P<keys>`[^|]+`) \| (?P<where>\w+) \| (?P<what>[^|]+) \| `(?P<id>[\w.]+)` \|$"
)


def documented() -> dict[tuple[str, str], tuple[list[str], str]]:
    """(where, binding id) -> (keys, description) from the README's table."""
    table = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            keys = re.findall(r"`([^`]+)`", match["keys"])
            table[(match["where"], match["id"])] = (keys, match["what"].strip())
    return table


def bound() -> dict[tuple[str, str], tuple[list[str], str]]:
    """The same, from the classes' bindings (those with an id and a description)."""
    table = {}
    for where, node_type in WHERE.items():
        for binding in node_type.BINDINGS:
            assert isinstance(binding, Binding)
            description = binding.tooltip or binding.description
            if binding.id and description:
                keys = [key.strip() for key in binding.key.split(",")]
                table[(where, binding.id)] = (keys, description)
    return table


def test_readme_lists_every_binding_with_its_real_keys() -> None:
    readme = documented()
    assert len(readme) > 20
    assert readme == bound()
