"""Parse files in worker processes, one result at a time as each is ready.

Workers are plain ``python -I -c`` children that import only ``briefing_tui.model``
(never Textual): requests go in on stdin, results come back on stdout, each a
length-prefixed msgpack frame. ``multiprocessing`` is not used on purpose: its
spawn and forkserver children re-run the parent's ``__main__`` (for the
``briefing`` script that imports the whole UI), put the working folder (full of
untrusted files) first on ``sys.path``, and one crashed worker breaks the whole
pool. Here a worker that dies is replaced, and only the file it was reading is
reported as failed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import selectors
import signal
import subprocess
import sys
import time
import weakref
from collections import deque
from dataclasses import dataclass, field
from typing import BinaryIO

import msgspec

from ..format.problems import Problem
from ..search.part import part_bytes
from .cache import RACY_WINDOW_NS, FileKey, file_key
from .codec import encode_result
from .loader import FileResult, load_bytes, read_file
from .yaml_reader import Limits

__all__ = [
    "Job",
    "Parsed",
    "WorkerPool",
    "add_index_part",
    "kill_open_pools",
    "parse_file",
    "pools_open",
    "serve",
]

Job = tuple[int, str]
"""A file to parse: the caller's index for it, and its path."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """One parsed file: ``payload`` (from ``encode_result``) or else ``result``."""

    index: int
    key: FileKey | None
    """The file's cache key, or None when the result must not be cached."""
    payload: bytes | None
    result: FileResult | None


def parse_file(
    path: str, limits: Limits, *, index: bool = True
) -> tuple[FileResult, FileKey | None]:
    """What ``load_file`` gives, plus the key of the bytes read (None: do not cache).

    The file is read by ``read_file`` and the key comes from the ``fstat`` of what
    was read. Failures (unreadable, not a regular file, too big) are never cached:
    they may be gone next time without the key changing. A briefing that loads is
    indexed here too (its ``index_part``), in the process that parsed it, unless
    ``index`` is False: a part that no cache keeps only delays the result (the
    search index makes it from the briefing when it is missing).
    """
    read = read_file(path, limits)
    if isinstance(read, FileResult):
        return read, None
    data, info = read
    result = load_bytes(path, data, limits)
    if index:
        add_index_part(result)
    recent = time.time_ns() - info.st_mtime_ns < RACY_WINDOW_NS
    return result, None if recent else file_key(info)


def add_index_part(result: FileResult) -> None:
    """Index the briefing of ``result`` (its ``index_part``; None when it has none, or
    when indexing it fails: the search index then indexes the briefing itself)."""
    try:
        result.index_part = part_bytes(result.briefing)
    except Exception:
        result.index_part = None


# Replies: (index, key, payload or None, pickled FileResult or None); index -1 = ready.
_Reply = tuple[int, FileKey | None, bytes | None, bytes | None]
_reply_decoder = msgspec.msgpack.Decoder(_Reply)
_jobs_decoder = msgspec.msgpack.Decoder(list[Job])
_limits_decoder = msgspec.msgpack.Decoder(tuple[int, ...])
_encoder = msgspec.msgpack.Encoder()
_HEADER = 4


def _frame(body: bytes) -> bytes:
    return len(body).to_bytes(_HEADER, "little") + body


def _read_frame(stream: BinaryIO) -> bytes | None:
    header = stream.read(_HEADER)
    if len(header) < _HEADER:
        return None
    body = stream.read(int.from_bytes(header, "little"))
    return body if len(body) == int.from_bytes(header, "little") else None


def serve() -> None:
    """A worker process's main loop: parse the files asked for until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # a stray print cannot corrupt replies
    requests = sys.stdin.buffer
    config = _read_frame(requests)
    if config is None:
        return
    limits = Limits(*_limits_decoder.decode(config))
    out.write(_frame(_encoder.encode((-1, None, None, None))))
    out.flush()
    while (frame := _read_frame(requests)) is not None:
        for index, path in _jobs_decoder.decode(frame):
            result, key = parse_file(path, limits)
            try:
                reply: _Reply = (index, key, encode_result(result), None)
            except ValueError:
                reply = (index, None, None, pickle.dumps(result))
            out.write(_frame(_encoder.encode(reply)))
            out.flush()


_BOOT = (
    "import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
    "from briefing_tui.model.loading.workers import serve; serve()"
)


@dataclass(slots=True)
class _Worker:
    process: subprocess.Popen[bytes]
    buffer: bytearray = field(default_factory=bytearray)
    chunks: deque[deque[Job]] = field(default_factory=deque)
    """Jobs sent and not answered, by chunk, in the order the worker takes them."""
    ready: bool = False


_OPEN_POOLS: weakref.WeakSet[WorkerPool] = weakref.WeakSet()


def pools_open() -> bool:
    """Whether a pool of this process is not closed yet (its workers may still run): the
    reader, quitting, waits for this, not for a parse it cannot interrupt."""
    return bool(_OPEN_POOLS)


def kill_open_pools() -> None:
    """Kill every worker process of the pools not closed yet, without waiting: for a
    process about to end at once (the reader quitting), so that no worker outlives it."""
    for pool in list(_OPEN_POOLS):
        for pid in pool.pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


class WorkerPool:
    """Up to ``count`` worker processes fed with chunks of jobs; see the module doc.

    ``submit`` jobs, then ``poll`` until ``pending`` is 0; ``close`` always. If no
    worker can start, ``poll`` parses the jobs in this process instead.
    """

    def __init__(self, count: int, limits: Limits, chunk_size: int = 16) -> None:
        self._count = max(1, count)
        self._limits = limits
        self._chunk_size = max(1, chunk_size)
        self._queue: deque[Job] = deque()
        self._workers: dict[int, _Worker] = {}
        self._selector = selectors.DefaultSelector()
        self._pending = 0
        self._broken = False
        _OPEN_POOLS.add(self)

    @property
    def pending(self) -> int:
        """Jobs submitted and not yet returned by ``poll``."""
        return self._pending

    @property
    def pids(self) -> list[int]:
        """The process ids of the running workers."""
        return [worker.process.pid for worker in self._workers.values()]

    def submit(self, jobs: list[Job]) -> None:
        """Queue files to parse; workers start on the first call."""
        self._queue.extend(jobs)
        self._pending += len(jobs)
        while not self._broken and len(self._workers) < min(self._count, self._pending):
            self._start_worker()
        self._dispatch()

    def poll(self, timeout: float | None) -> list[Parsed]:
        """Results that arrive within ``timeout`` seconds (None: wait for at least one)."""
        if self._broken and not self._workers:
            return self._parse_here() if self._queue else []
        parsed: list[Parsed] = []
        for ready, _ in self._selector.select(timeout):
            worker = self._workers[ready.fd]
            data = os.read(ready.fd, 1 << 20)
            if data:
                worker.buffer += data
                parsed += self._replies(worker)
            else:
                parsed += self._lost(worker)
        self._pending -= len(parsed)
        self._dispatch()
        return parsed

    def close(self) -> None:
        """Stop every worker (killing those still busy) and reap them."""
        for worker in list(self._workers.values()):
            self._stop(worker, kill=bool(worker.chunks))
        self._selector.close()
        _OPEN_POOLS.discard(self)

    def _start_worker(self) -> None:
        path = [entry for entry in sys.path if entry]
        try:
            process = subprocess.Popen(
                [sys.executable, "-I", "-c", _BOOT, json.dumps(path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            assert process.stdin is not None and process.stdout is not None
            limits = dataclasses.astuple(self._limits)
            process.stdin.write(_frame(_encoder.encode(limits)))
            process.stdin.flush()
        except (OSError, ValueError):
            self._broken = True
            return
        worker = _Worker(process)
        fd = process.stdout.fileno()
        self._workers[fd] = worker
        self._selector.register(fd, selectors.EVENT_READ)

    def _dispatch(self) -> None:
        for worker in list(self._workers.values()):
            while worker.ready and self._queue and len(worker.chunks) < 2:
                share = -(-len(self._queue) // (2 * len(self._workers)))
                size = min(self._chunk_size, share)
                chunk = deque(self._queue.popleft() for _ in range(size))
                worker.chunks.append(chunk)
                try:
                    stdin = worker.process.stdin
                    assert stdin is not None
                    stdin.write(_frame(_encoder.encode(list(chunk))))
                    stdin.flush()
                except OSError:
                    break  # it died; poll sees the end of its output and requeues

    def _replies(self, worker: _Worker) -> list[Parsed]:
        parsed: list[Parsed] = []
        buffer = worker.buffer
        start = 0
        while len(buffer) - start >= _HEADER:
            size = int.from_bytes(buffer[start : start + _HEADER], "little")
            end = start + _HEADER + size
            if len(buffer) < end:
                break
            index, key, payload, pickled = _reply_decoder.decode(buffer[start + _HEADER : end])
            start = end
            if index < 0:
                worker.ready = True
                continue
            chunk = worker.chunks[0]
            chunk.popleft()
            if not chunk:
                worker.chunks.popleft()
            result = pickle.loads(pickled) if pickled is not None else None  # noqa: S301 (our child)
            parsed.append(Parsed(index, key, payload, result))
        del buffer[:start]
        return parsed

    def _lost(self, worker: _Worker) -> list[Parsed]:
        """A worker ended: blame the file it was reading, requeue the rest."""
        code = self._stop(worker, kill=False)
        parsed: list[Parsed] = []
        if not worker.ready:
            self._broken = True  # it could not even start: nothing to blame
        elif worker.chunks:
            index, path = worker.chunks[0].popleft()
            how = f"signal {-code}" if code < 0 else f"exit status {code}"
            message = f"the reading process stopped on this file ({how}); it was not loaded"
            failure = FileResult(path, None, (Problem(path, 1, 1, "error", "", message),))
            parsed.append(Parsed(index, None, None, failure))
        for chunk in reversed(worker.chunks):
            self._queue.extendleft(reversed(chunk))
        if self._queue and not self._broken:
            self._start_worker()
        return parsed

    def _stop(self, worker: _Worker, *, kill: bool) -> int:
        fd = next(fd for fd, known in self._workers.items() if known is worker)
        self._selector.unregister(fd)
        del self._workers[fd]
        process = worker.process
        if kill:
            process.kill()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        try:
            return process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()

    def _parse_here(self) -> list[Parsed]:
        index, path = self._queue.popleft()
        result, key = parse_file(path, self._limits)
        self._pending -= 1
        try:
            return [Parsed(index, key, encode_result(result), None)]
        except ValueError:
            return [Parsed(index, None, None, result)]
