"""What the reader checks of a configuration before it starts, for the reader and for
``briefing config`` alike (both exit 2 on the same errors).

The theme must be known; every ``[keymap]`` entry must name a binding id (a
did-you-mean when it is close to one), give keys Textual can parse, and not take a
key that another action already has where both would be pressed: on the same list,
detail, link or bar, its screen, or the app (``"list.down" = "q"`` would steal
Quit). Errors name the file, the line and the key.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from functools import cache

from textual.actions import parse
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character
from textual.theme import BUILTIN_THEMES

from .config import Config, ConfigError, config_where
from .guard import binding_ids

__all__ = ["FOLLOWERS", "check_config", "key_problem", "with_followers"]

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})

_KEY_NAMES = frozenset({key.value for key in Keys}) | frozenset(KEY_NAME_REPLACEMENTS.values())


FOLLOWERS = {"overlay.help": "app.help", "overlay.quit": "app.quit"}
"""Keys of an overlay that run an app action and take that action's keys from the
keymap unless the keymap names them too: help moved to ``f1`` closes with ``f1``."""


def with_followers(keymap: Mapping[str, str]) -> dict[str, str]:
    """``keymap`` as the reader applies it: with the ``FOLLOWERS`` it does not name."""
    followed = {
        follower: keymap[leader]
        for follower, leader in FOLLOWERS.items()
        if leader in keymap and follower not in keymap
    }
    return {**keymap, **followed}


def key_problem(key: str) -> str | None:
    """Why Textual cannot read ``key`` (``ctrl+shift+bogus!!``), or None when it can."""
    if not key:
        return "an empty key name"
    *modifiers, name = key.split("+")
    unknown = [modifier for modifier in modifiers if modifier not in MODIFIERS]
    if unknown:
        return f"{unknown[0]!r} is not a modifier (ctrl, shift, alt, meta, super)"
    if len(name) == 1 or name in _KEY_NAMES or key_to_character(name) is not None:
        return None
    return f"{name!r} is not a key name (like j, f1, pagedown, question_mark)"


@cache
def _owners() -> dict[str, tuple[type[DOMNode], Binding]]:
    """Each binding id: the class whose ``BINDINGS`` has it, and its binding."""
    binding_ids()  # imports the modules bound later
    owners: dict[str, tuple[type[DOMNode], Binding]] = {}
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        node_class = pending.pop()
        pending.extend(node_class.__subclasses__())
        if node_class.__module__.startswith("briefing_tui."):
            for binding in node_class.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id:
                    owners.setdefault(binding.id, (node_class, binding))
    return owners


def _chains() -> list[tuple[type[DOMNode], ...]]:
    """Where a key press looks for a binding: a focused widget, its screen, the app."""
    from .app import BriefingApp
    from .screens.briefing import BriefingScreen
    from .screens.library import LibraryScreen
    from .screens.overlay import Overlay
    from .screens.results import ResultsScreen
    from .widgets.detail import DetailView, LinkButton, LinkRows
    from .widgets.filter_bar import FilterBar
    from .widgets.find_bar import FindBar
    from .widgets.item_list import ItemList

    widgets: list[type[DOMNode]] = [ItemList, DetailView, LinkButton, LinkRows, FindBar, FilterBar]
    screens: list[type[DOMNode]] = [LibraryScreen, BriefingScreen, ResultsScreen]
    chains = [(widget, screen, BriefingApp) for widget in widgets for screen in screens]
    return [*chains, (Overlay, BriefingApp)]


def _keys(binding_id: str, keymap: Mapping[str, str]) -> list[str]:
    keys = keymap.get(binding_id)
    if keys is None:
        keys = _owners()[binding_id][1].key
    return [key.strip() for key in keys.split(",") if key.strip()]


def _action(binding: Binding) -> str:
    """The action's name without its namespace (``app.help`` and ``help`` are one)."""
    return parse(binding.action)[1]


def _in_chain(owner: type[DOMNode], chain: Iterable[type[DOMNode]]) -> bool:
    return any(issubclass(node, owner) for node in chain)


def _clash(binding_id: str, keymap: Mapping[str, str]) -> str | None:
    """Another action on one of ``binding_id``'s keys where both would be pressed."""
    owners = _owners()
    owner, binding = owners[binding_id]
    mine = set(_keys(binding_id, keymap))
    for chain in _chains():
        if not _in_chain(owner, chain):
            continue
        for other_id, (other_owner, other) in sorted(owners.items()):
            if other_id == binding_id or _action(other) == _action(binding):
                continue
            if not _in_chain(other_owner, chain):
                continue
            shared = mine & set(_keys(other_id, keymap))
            if shared:
                return f"{sorted(shared)[0]!r} is already the key of {other_id!r}"
    return None


def check_config(config: Config, available_themes: Iterable[str] = BUILTIN_THEMES) -> None:
    """Raise ``ConfigError`` (file, line, key) for what would stop the reader."""
    themes = set(available_themes)
    if config.theme.value not in themes:
        known = ", ".join(sorted(themes))
        where = config_where(config, ("theme",))
        raise ConfigError(f"{where}: theme {config.theme.value!r} is not known (known: {known})")
    keymap = config.keymap.value
    if not keymap:
        return  # knowing every binding id imports every screen: not on every start-up
    known_ids = binding_ids()
    for binding_id, keys in keymap.items():
        where = config_where(config, ("keymap", binding_id))
        if binding_id not in known_ids:
            close = difflib.get_close_matches(binding_id, sorted(known_ids), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else " (`?` in the reader lists them)"
            raise ConfigError(f"{where}: unknown binding id {binding_id!r}{hint}")
        for key in [key.strip() for key in keys.split(",")]:
            problem = key_problem(key)
            if problem:
                raise ConfigError(f"{where}: cannot read the key {key!r}: {problem}")
        clash = _clash(binding_id, keymap)
        if clash:
            raise ConfigError(f"{where}: {clash} (two actions cannot share a key)")
