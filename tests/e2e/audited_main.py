"""Run ``briefing`` under audit hooks that record network, process and write events.

Used by the end-to-end tests as ``python audited_main.py ARGS...``: the events go
to the JSON file named by ``$BRIEFING_AUDIT_LOG`` when the program ends. Sockets of
the AF_UNIX family (asyncio's own self-pipe) are not network and are not recorded.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import sys

NETWORK_FAMILIES = {socket.AF_INET, socket.AF_INET6}
PROCESS_EVENTS = {
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.forkpty",
    "pty.spawn",
    "webbrowser.open",
}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

events: list[list[str]] = []


def _opens_for_writing(mode: object, flags: object) -> bool:
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & WRITE_FLAGS)


def hook(event: str, args: tuple[object, ...]) -> None:
    if event == "socket.__new__" and args[1] in NETWORK_FAMILIES:
        events.append(["network", event, repr(args[1:])])
    elif event in ("socket.connect", "socket.sendto", "socket.bind") and isinstance(args[1], tuple):
        events.append(["network", event, repr(args[1])])
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex"):
        events.append(["network", event, repr(args[:2])])
    elif event in PROCESS_EVENTS:
        events.append(["process", event, repr(args)[:200]])
    elif event == "open" and _opens_for_writing(args[1], args[2]):
        path = os.fsdecode(args[0]) if isinstance(args[0], (str, bytes)) else repr(args[0])
        if not path.startswith("/dev/"):
            events.append(["write", event, path])


def dump() -> None:
    log = os.environ.get("BRIEFING_AUDIT_LOG")
    if log:
        recorded = list(events)
        with open(log, "w", encoding="utf-8") as out:
            json.dump(recorded, out)


atexit.register(dump)
sys.addaudithook(hook)

from briefing_tui.cli import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
