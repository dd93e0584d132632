"""``briefing read``: a line-by-line reader for screen readers, braille displays and pipes.

It prints, and reads one command a line after a ``>`` prompt; nothing is redrawn, so a
screen reader speaks each answer once and a braille display shows it line by line. It
works on a dumb terminal and in a pipe (a script can feed it commands), writes no escape
sequence and nothing to disk. Items are laid out by the ``show`` composer with the plain
writer: headings as words, no rules, bullet marks or bracketed ids. The handling banner
is the first and the last line of a session, as in ``show``.

Pure Python: no Textual or Rich import (start-up is instant on a slow link).
"""

from __future__ import annotations

import argparse
import textwrap
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TextIO

from .export.compose import Composer
from .export.writers import PlainWriter
from .model.format.types import Briefing, Entity, Incident, Quote, Source
from .model.marking import Marking
from .model.sanitize import sanitize_line

__all__ = ["HELP", "Teletype", "add_arguments", "run_session"]

PROMPT = "> "

HELP = """\
Commands, one a line:
  n  next item        p  previous item
  1  summary  2  incidents  3  quotes  4  sources  5  entities
  l  list the items of this pane
  /TEXT  find the next item holding TEXT (/ alone finds again)
  s  sources of the current item
  .  read the current item again
  h  this help        q  quit"""

Item = Incident | Quote | Source | Entity


@dataclass(frozen=True, slots=True)
class Pane:
    """One of the five panes: a name, what one item is called, and its items."""

    title: str
    noun: str
    items: Sequence[Item]

    def count(self) -> str:
        """``9 incidents``, ``1 incident``."""
        number = len(self.items)
        return f"{number} {self.noun.lower() if number == 1 else self.title.lower()}"


class Teletype:
    """The reader's state (pane, item, last search) and its answer to each command."""

    def __init__(self, briefing: Briefing, width: int = 80, marking: Marking | None = None) -> None:
        """``marking``: the banner, from the site's rules (default: the file's handling)."""
        self.briefing = briefing
        self.width = width
        self.composer = Composer(briefing, PlainWriter(width), marking)
        self.panes = _panes(briefing)
        self.pane = 0
        self.positions = [0] * len(self.panes)
        self.last_find = ""
        self._texts: dict[tuple[int, int], str] = {}

    @property
    def banner(self) -> str:
        return self.composer.banner

    # --- what a session prints --------------------------------------------------

    def opening(self) -> str:
        counts = ", ".join(pane.count() for pane in self.panes if pane.noun)
        title = sanitize_line(self.briefing.title).strip()
        return "\n".join(
            (
                self.banner,
                self._wrap(f"Briefing: {title}."),
                self._wrap(f"It has {counts}."),
                self._wrap("Type h for help, 1 to 5 for a pane, n for the next item, q to quit."),
            )
        )

    def answer(self, command: str) -> str | None:
        """What to print for ``command``; None means quit."""
        command = command.strip()
        if command in ("q", "quit", "exit"):
            return None
        if command.startswith("/"):
            return self.find(command[1:].strip())
        action = self._actions().get(command)
        if action is None:
            shown = sanitize_line(command)
            return f"Unknown command “{shown}”. Type h for help."
        return action()

    def _actions(self) -> dict[str, Callable[[], str]]:
        actions: dict[str, Callable[[], str]] = {
            "": lambda: "Type h for help.",
            "h": lambda: HELP,
            "?": lambda: HELP,
            "n": lambda: self.move(1),
            "p": lambda: self.move(-1),
            "l": self.listing,
            "s": self.sources,
            ".": self.current,
        }
        for number in range(1, len(self.panes) + 1):
            actions[str(number)] = partial(self.switch, number - 1)
        return actions

    # --- commands ------------------------------------------------------------------

    def switch(self, pane: int) -> str:
        self.pane = pane
        shown = self.panes[pane]
        if not shown.noun:
            return self.current()
        if not shown.items:
            return f"Pane {pane + 1}: {shown.title}, no items."
        heading = f"Pane {pane + 1}: {shown.title}, {shown.count()}."
        return f"{heading}\n\n{self.current()}"

    def move(self, step: int) -> str:
        pane = self.panes[self.pane]
        if not pane.noun:
            return "The summary has no items: type 2 to 5 for a list."
        if not pane.items:
            return f"{pane.title}: no items."
        position = self.positions[self.pane] + step
        if not 0 <= position < len(pane.items):
            edge = "last" if step > 0 else "first"
            return f"That was the {edge} {pane.noun.lower()}; {self._where()}."
        self.positions[self.pane] = position
        return self.current()

    def current(self) -> str:
        pane = self.panes[self.pane]
        if not pane.noun:
            return self._laid_out(lambda composer: composer.summary_page())
        if not pane.items:
            return f"{pane.title}: no items."
        position = self.positions[self.pane]
        return f"{self._where()}.\n{self._item_text(self.pane, position)}"

    def listing(self) -> str:
        pane = self.panes[self.pane]
        if not pane.noun:
            return "The summary has no items: type 2 to 5 for a list."
        if not pane.items:
            return f"{pane.title}: no items."
        lines = [f"{pane.title}, {pane.count()}:"]
        lines.extend(
            self._wrap(f"{number}. {_title(item)}") for number, item in enumerate(pane.items, 1)
        )
        return "\n".join(lines)

    def find(self, text: str) -> str:
        """The next item after the current one (through every pane, round) holding ``text``."""
        text = text or self.last_find
        if not text:
            return "Type / and the text to find, for example /Jimmy Lai."
        self.last_find = text
        needle = text.casefold()
        places = [
            (pane, position)
            for pane, shown in enumerate(self.panes)
            for position in range(len(shown.items))
        ]
        start = bisect_right(places, (self.pane, self.positions[self.pane]))
        for pane, position in places[start:] + places[:start]:
            if needle in self._item_text(pane, position).casefold():
                self.pane = pane
                self.positions[pane] = position
                return f"Found in {self.panes[pane].title}.\n{self.current()}"
        return f"No item holds “{sanitize_line(text)}”."

    def sources(self) -> str:
        pane = self.panes[self.pane]
        if not pane.noun:
            summary = self.briefing.summary
            source_ids: Iterable[str] = () if isinstance(summary, str) else summary.sources
        elif not pane.items:
            return f"{pane.title}: no items."
        else:
            source_ids = _source_ids(pane.items[self.positions[self.pane]])
        known = {source.id: source for source in self.briefing.sources}
        cited = list(dict.fromkeys(source_ids))
        found = [known[source_id] for source_id in cited if source_id in known]
        missing = [source_id for source_id in cited if source_id not in known]
        if not found and not missing:
            return "No sources: this is unsourced."
        total = len(found) + len(missing)
        parts = [f"{total} source{'' if total == 1 else 's'}:"]
        parts.extend(self._laid_out(partial(Composer.source_entry, source=s)) for s in found)
        parts.extend(f"Unknown source (id {sanitize_line(s)})." for s in missing)
        return "\n".join(parts)

    # --- helpers ---------------------------------------------------------------------

    def _wrap(self, line: str) -> str:
        return textwrap.fill(line, self.width, subsequent_indent="    ", break_long_words=False)

    def _where(self) -> str:
        pane = self.panes[self.pane]
        return f"{pane.noun} {self.positions[self.pane] + 1} of {len(pane.items)}"

    def _item_text(self, pane: int, position: int) -> str:
        key = (pane, position)
        text = self._texts.get(key)
        if text is None:
            item = self.panes[pane].items[position]
            text = self._laid_out(lambda composer: _lay_out(composer, item, position + 1))
            self._texts[key] = text
        return text

    def _laid_out(self, lay_out: Callable[[Composer], None]) -> str:
        writer = PlainWriter(self.width)
        self.composer.out = writer
        lay_out(self.composer)
        return writer.result().strip("\n")


def _panes(briefing: Briefing) -> list[Pane]:
    entities: dict[str, list[Entity]] = {}
    for entity in briefing.entities:  # grouped by kind, as `show` prints them
        entities.setdefault(entity.kind, []).append(entity)
    return [
        Pane("Summary", "", ()),
        Pane("Incidents", "Incident", briefing.incidents),
        Pane("Quotes", "Quote", briefing.quotes),
        Pane("Sources", "Source", briefing.sources),
        Pane("Entities", "Entity", [e for members in entities.values() for e in members]),
    ]


def _lay_out(composer: Composer, item: Item, number: int) -> None:
    if isinstance(item, Incident):
        composer.incident(number, item)
    elif isinstance(item, Quote):
        composer.quote(item)
    elif isinstance(item, Source):
        composer.source_entry(item)
    else:
        composer.entity(item)


def _title(item: Item) -> str:
    if isinstance(item, Incident | Source):
        text = item.title
    elif isinstance(item, Quote):
        text = item.text
    else:
        text = item.name
    return sanitize_line(text).strip()


def _source_ids(item: Item) -> Iterable[str]:
    if isinstance(item, Incident):
        return (*item.sources, *(item.when.sources if item.when else ()))
    if isinstance(item, Quote):
        return (item.source, *((item.original_source,) if item.original_source else ()))
    if isinstance(item, Source):
        return (item.id,)
    return item.sources


# --- the command -------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="FILE_OR_ID", help="a briefing file, or a brf- id")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="where to look for an id")
    parser.add_argument(
        "--width", type=int, metavar="N", default=None,
        help="wrap text to N columns (default: the terminal's width, or 80 in a pipe)",
    )  # fmt: skip
    parser.epilog = (
        "Reads commands from standard input (type h for help) and prints each answer once: "
        "for screen readers, braille displays, dumb terminals and scripts. "
        "exit status: 0 read, 1 not found or not loadable, 2 bad usage"
    )


def run_session(teletype: Teletype, commands: TextIO, out: TextIO) -> None:
    """Answer ``commands`` line by line until ``q`` or the end of input.

    When ``commands`` is no terminal (a script, a pipe) each command is echoed after
    its prompt, so the transcript reads as a dialogue and every answer starts a line.
    """

    def say(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    say(teletype.opening())
    echo = not commands.isatty()  # in a pipe, show each command after its prompt
    while True:
        out.write(PROMPT)
        out.flush()
        line = commands.readline()
        if not line:  # end of input: a script ran out of commands
            out.write("\n")
            break
        if echo:
            out.write(sanitize_line(line.rstrip("\r\n")) + "\n")
        answer = teletype.answer(line)
        if answer is None:
            break
        say(answer)
    say(teletype.banner)
