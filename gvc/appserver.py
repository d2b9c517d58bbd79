"""Serve the Streamlit app from several worker processes behind one port (``gvc app``).

A Streamlit server runs every page in one Python process, so it uses one core however many the
machine has (about ten page runs per second here). ``gvc app --workers N`` starts N Streamlit
processes on loopback ports and a small front end on the public port that passes each connection
through to one of them unchanged (HTTP and the app's websocket alike).

A Streamlit session lives in the process that serves its websocket, and the browser's file
uploads and downloads for that session must reach the same process. The front end therefore pins
a browser to one worker with a cookie (``gvc_worker``): a request without it (a browser's first
request) goes to the worker with the fewest open sessions, and the response sets the cookie; later
requests with the cookie go to that worker. A worker that exits is started again; its browsers are
moved to another worker (Streamlit's page reconnects and reruns; the view lives in the URL).

The workers share one ``server.cookieSecret`` (made at start), so Streamlit's XSRF tokens are
valid whichever worker set them. Each worker's output goes to ``$GVC_HOME/logs/app_worker_<i>.log``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ctypes
import errno
import hashlib
import itertools
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gvc import config
from gvc.errors import GvcError

COOKIE = "gvc_worker"
#: Largest HTTP request or response head the front end reads (bytes); larger gets 431 / 502.
MAX_HEAD = 64 * 1024
#: Connections one client address may hold at once (a browser tab needs one websocket and a few
#: requests; the 20-session load bench from one address about 40). 0 turns the cap off: behind a
#: reverse proxy every client has the proxy's address, so the proxy caps instead (deploy/).
MAX_PER_CLIENT = 64
#: An HTTP connection (not a websocket session) idle this long between requests is closed.
IDLE_TIMEOUT = 120.0
#: A websocket session (a browser tab) that has sent nothing for this long (pings and pongs do not
#: count, only the browser's messages: a click, a widget, a page change) is closed, and the tab may
#: not resume it: Streamlit frees the session's memory after ``server.disconnectedSessionTTL``, and
#: the person who comes back reloads the page (URL-bound widgets keep their values). 0: never.
IDLE_SESSION = 60 * 60.0
#: Ended sessions remembered so that their tab cannot resume them.
MAX_ENDED = 10_000
#: Seconds a client has to send its request head.
HEAD_TIMEOUT = 30.0
#: Seconds a worker may take to answer its health check after (re)start.
START_TIMEOUT = 180.0
_COOKIE_RE = re.compile(rb"(?:^|;)\s*" + COOKIE.encode() + rb"=(\d{1,3})\s*(?:;|$)")


def default_workers() -> int:
    """Workers when none are asked for: ``$GVC_APP_WORKERS``, else one per core (at most 4)."""
    raw = os.environ.get("GVC_APP_WORKERS", "")
    if raw:
        return check_workers(raw, "GVC_APP_WORKERS")
    return max(1, min(4, os.cpu_count() or 1))


def check_workers(value: object, name: str = "--workers") -> int:
    """Return ``value`` as a worker count in 1-16, or raise a GvcError naming ``name``."""
    try:
        n = int(str(value).strip())
    except ValueError:
        msg = f"{name}: expected a whole number of workers (1-16), got {value!r}"
        raise GvcError(msg) from None
    if not 1 <= n <= 16:
        raise GvcError(f"{name}: expected 1-16 workers, got {n}")
    return n


def free_port(address: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on ``address`` now."""
    with socket.socket() as s:
        s.bind((address, 0))
        return int(s.getsockname()[1])


#: Set for the app's Streamlit processes: the first page run of a process builds the cluster
#: opportunity context in the background (app_pages.state.newest_con), so the clusters page does
#: not make its first visitor wait for it.
WARM_ENV = "GVC_APP_WARM"

#: Runs Streamlit's command line (as ``python -m streamlit``) with its external-IP lookup off.
#: Streamlit asks checkip.amazonaws.com for the machine's public address, blocking its event loop
#: for up to 2 s, to print an "External URL" and, for every websocket with a foreign ``Origin``,
#: to decide whether that origin is the machine itself; a failure is not cached, so 40 such
#: upgrades froze a worker for 15 s (issue 18). No option turns it off, so the launcher replaces
#: the lookup with "unknown" (gvc never reports an external URL; set
#: ``server.corsAllowedOrigins`` to admit other origins). gvc itself never imports Streamlit.
STREAMLIT_LAUNCHER = (
    "import sys; import streamlit.net_util as n; n.get_external_ip = lambda: None; "
    "from streamlit.web.cli import main; sys.argv[0] = 'streamlit'; main(prog_name='streamlit')"
)


def streamlit_command(port: int, address: str, extra: Sequence[str] = ()) -> list[str]:
    """Return the command that runs app.py with Streamlit on ``address:port``."""
    return [
        sys.executable,
        "-c",
        STREAMLIT_LAUNCHER,
        "run",
        str(config.app_dir() / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        address,
        *extra,
    ]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Ask Linux to send SIGTERM to this worker when the front end dies (even by SIGKILL).

    Linux only (``prctl(PR_SET_PDEATHSIG)``); elsewhere the front end stops its workers when it
    exits normally, and a worker left by a killed front end must be stopped by hand.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


#: ``preexec_fn`` for the workers: only where prctl exists (preexec_fn is POSIX-only).
_PREEXEC = _die_with_parent if sys.platform.startswith("linux") else None


@dataclass
class Worker:
    """One Streamlit process."""

    index: int
    port: int
    log: Path
    proc: subprocess.Popen | None = None
    ready: bool = False
    sessions: int = 0  # open websocket connections routed here
    starts: int = 0
    started_at: float = 0.0

    def alive(self) -> bool:
        """Whether the process is running."""
        return self.proc is not None and self.proc.poll() is None


@dataclass
class AppServer:
    """N Streamlit workers and the front end that routes browsers to them."""

    workers: int
    port: int = 8501
    address: str = "127.0.0.1"
    streamlit_args: Sequence[str] = ()
    env: dict[str, str] | None = None
    log_dir: Path | None = None
    pool: list[Worker] = field(default_factory=list)
    _turn: itertools.count = field(default_factory=itertools.count)
    head_timeout: float = HEAD_TIMEOUT
    max_per_client: int = MAX_PER_CLIENT
    idle_timeout: float = IDLE_TIMEOUT
    idle_session: float = IDLE_SESSION
    _stopping: bool = False
    _per_client: dict[str, int] = field(default_factory=dict)
    _ended: dict[bytes, float] = field(default_factory=dict)  # session id -> when it was closed

    # -- workers ----------------------------------------------------------------------------------

    def _spawn(self, w: Worker, secret: str) -> None:
        extra = [
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *self.streamlit_args,
        ]
        if w.starts:  # a fresh port: whoever took the dead worker's port meanwhile gets nothing
            w.port = free_port()
        w.log.parent.mkdir(parents=True, exist_ok=True)
        with w.log.open("a", encoding="utf-8") as out:
            out.write(f"\n--- gvc app worker {w.index} start {time.strftime('%F %T')} ---\n")
            out.flush()
            w.proc = subprocess.Popen(
                streamlit_command(w.port, "127.0.0.1", extra),
                cwd=config.app_dir(),  # Streamlit reads .streamlit/config.toml from here
                # Streamlit takes the secret only from a file or the environment
                env={**(self.env or os.environ), "STREAMLIT_SERVER_COOKIE_SECRET": secret,
                     WARM_ENV: "1"},
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C reaches the front end, which stops the workers
                preexec_fn=_PREEXEC,
            )
        w.ready = False
        w.sessions = 0
        w.starts += 1
        w.started_at = time.monotonic()

    async def _healthy(self, w: Worker) -> bool:
        """Return True when the worker answers ``/_stcore/health`` with 200.

        Only a port the worker's own process listens on counts (on Linux; see
        :func:`port_owned_by`): a local impostor that bound the port first is never asked, and
        so never marked ready.
        """
        if w.proc is None or port_owned_by(w.proc.pid, w.port) is False:
            return False
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", w.port), timeout=2
            )
        except (OSError, TimeoutError):
            return False
        try:
            writer.write(
                b"GET /_stcore/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            await writer.drain()
            line = await asyncio.wait_for(reader.readline(), timeout=5)
            return line.split(b" ")[1:2] == [b"200"]
        except (OSError, TimeoutError, IndexError):
            return False
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def _wait_ready(self, w: Worker) -> None:
        while not await self._healthy(w):
            if not w.alive():
                raise GvcError(f"app worker {w.index} exited at start; see {w.log}")
            if time.monotonic() - w.started_at > START_TIMEOUT:
                raise GvcError(f"app worker {w.index} did not start in {START_TIMEOUT:.0f} s")
            await asyncio.sleep(0.3)
        w.ready = True

    async def _supervise(self, secret: str) -> None:
        """Start workers again when they exit (all dead ones at once, in parallel)."""
        restarting: dict[int, asyncio.Task[None]] = {}
        while not self._stopping:
            await asyncio.sleep(1.0)
            for w in self.pool:
                if self._stopping:
                    break
                task = restarting.get(w.index)
                if task is not None and not task.done():
                    continue
                if w.alive():
                    if not w.ready and await self._healthy(w):
                        w.ready = True  # refused a connection once, answers again
                    continue
                code = w.proc.returncode if w.proc else None
                print(f"gvc app: worker {w.index} exited ({code}); starting it again", flush=True)
                self._spawn(w, secret)
                restarting[w.index] = asyncio.create_task(self._restarted(w))
        for task in restarting.values():
            task.cancel()

    async def _restarted(self, w: Worker) -> None:
        try:
            await self._wait_ready(w)
        except GvcError as err:
            print(f"gvc app: {err}", flush=True)

    def _stop_workers(self) -> None:
        for w in self.pool:
            if w.proc is not None and w.alive():
                w.proc.terminate()
        deadline = time.monotonic() + 15
        for w in self.pool:
            if w.proc is None:
                continue
            try:
                w.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                w.proc.kill()
                w.proc.wait(timeout=10)

    # -- routing ----------------------------------------------------------------------------------

    def choose(self, head: bytes) -> tuple[Worker | None, bool]:
        """Return the worker for a request and whether its response must set the cookie."""
        ready = [w for w in self.pool if w.ready and w.alive()]
        if not ready:
            return None, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"cookie":
                m = _COOKIE_RE.search(value)
                if m and int(m.group(1)) < len(self.pool):
                    w = self.pool[int(m.group(1))]
                    if w in ready:
                        return w, False
        turn = next(self._turn)
        order = ready[turn % len(ready) :] + ready[: turn % len(ready)]
        return min(order, key=lambda w: w.sessions), True

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        client = str(peer[0]) if isinstance(peer, tuple) and peer else "?"
        held = self._per_client.get(client, 0)
        if self.max_per_client and held >= self.max_per_client:
            # answered before reading anything: a client that opens connections without end
            # costs one small write each, and every other client keeps its share
            writer.write(_reply(429, "Too Many Requests: too many connections from this client"))
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            return
        self._per_client[client] = held + 1
        try:
            await self._serve(reader, writer)
        finally:
            left = self._per_client.get(client, 1) - 1
            if left > 0:
                self._per_client[client] = left
            else:
                self._per_client.pop(client, None)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream: asyncio.StreamWriter | None = None
        worker: Worker | None = None
        counted: int | None = None  # the worker's start number when this session was counted
        try:
            try:
                head = await asyncio.wait_for(
                    reader.readuntil(b"\r\n\r\n"), timeout=self.head_timeout
                )
            except asyncio.LimitOverrunError:
                writer.write(_reply(431, "Request Header Fields Too Large"))
                return
            except TimeoutError:  # a client that never finishes its request does not hold a slot
                writer.write(_reply(408, "Request Timeout"))
                return
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            stream = _is_stream_upgrade(head)
            if stream and not _same_origin(head):  # answered here: Streamlit would look up its
                writer.write(_reply(403, "Forbidden: cross-origin websocket"))  # external IP
                return
            if stream and _resumes(head, self._ended):
                writer.write(_ended_reply(head))
                await writer.drain()
                return
            while True:  # a worker that refuses the connection is skipped until healthy again
                worker, set_cookie = self.choose(head)
                if worker is None:
                    writer.write(_reply(503, "Service Unavailable: no app worker is ready"))
                    return
                starts = worker.starts
                try:
                    up_reader, upstream = await _open_worker(worker.port)
                except OSError as err:
                    if err.errno in _OWN_LIMITS:  # out of file descriptors here, not the worker
                        writer.write(_reply(503, "Service Unavailable: server busy, try again"))
                        return
                    worker.ready = False
                    continue
                # Checked after connecting, before a byte of the request is sent: the worker's
                # process is still alive and was not restarted, so the listener that took the
                # connection is the one its health check found it owning (only the process that
                # holds a port can listen on it). A local process that grabbed the port of a
                # worker that died between choose() and connect() gets no request and no cookie.
                if worker.alive() and worker.starts == starts:
                    break
                upstream.close()
                upstream = None
                worker.ready = False
            upstream.write(head)
            await upstream.drain()
            # plain HTTP: a keep-alive connection idle between requests is closed; a websocket
            # session is the browser's page and stays (Streamlit pings it)
            idle = None if stream else self.idle_timeout
            activity = _Activity()
            frames = _BrowserFrames() if stream else None
            to_worker = asyncio.ensure_future(_pipe(reader, upstream, idle, activity, frames))
            try:
                response = await up_reader.readuntil(b"\r\n\r\n")
            except (asyncio.LimitOverrunError, asyncio.IncompleteReadError, OSError):
                to_worker.cancel()
                writer.write(_reply(502, "Bad Gateway: the app worker sent no valid response"))
                return
            if set_cookie:
                response = response[:-2] + _cookie_header(worker.index) + b"\r\n"
            writer.write(response)
            session: _SessionId | None = None
            if stream and response.split(b" ", 2)[1:2] == [b"101"]:
                worker.sessions += 1  # a session: counted until it closes, unless restarted
                counted = worker.starts
                session = _SessionId()
            from_worker = _pipe(up_reader, writer, idle, activity, session)
            if frames is None or session is None or not self.idle_session:
                await asyncio.gather(to_worker, from_worker)
            else:
                watch = asyncio.ensure_future(self._end_when_idle(frames, session, writer))
                try:
                    await asyncio.gather(to_worker, from_worker)
                finally:
                    watch.cancel()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            if counted is not None and worker is not None and worker.starts == counted:
                worker.sessions = max(0, worker.sessions - 1)
            for w in (upstream, writer):
                if w is not None:
                    w.close()
                    with contextlib.suppress(Exception):
                        await w.wait_closed()

    async def _end_when_idle(
        self, frames: _BrowserFrames, session: _SessionId, writer: asyncio.StreamWriter
    ) -> None:
        """Close the browser's websocket once it has sent no message for ``idle_session`` s."""
        while True:
            left = self.idle_session - (time.monotonic() - frames.last)
            if left <= 0:
                break
            await asyncio.sleep(min(left, 60.0))
        if session.value is not None:
            self._ended[session.value] = time.time()
            print(f"gvc app: a session idle {self.idle_session / 60:g} min was closed", flush=True)
            while len(self._ended) > MAX_ENDED:  # the oldest go first (dicts keep order)
                self._ended.pop(next(iter(self._ended)))
        writer.close()  # both pipes end; Streamlit keeps the session until its TTL, then frees it

    # -- running ----------------------------------------------------------------------------------

    async def run(self) -> None:
        """Start the workers and the front end; serve until SIGINT/SIGTERM."""
        secret = secrets.token_hex(32)
        log_dir = self.log_dir or (config.home_dir() / "logs")
        self.pool = [
            Worker(i, free_port(), log_dir / f"app_worker_{i}.log") for i in range(self.workers)
        ]
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stop.set)
            except (NotImplementedError, RuntimeError):  # Windows: no loop signal handlers
                signal.signal(sig, lambda *_: loop.call_soon_threadsafe(stop.set))
        try:  # the port first: a taken port starts nothing
            server = await asyncio.start_server(
                self._handle, self.address, self.port, limit=MAX_HEAD, reuse_address=True
            )
        except OSError as err:
            where = f"{self.address}:{self.port}"
            raise GvcError(f"--address/--port: cannot listen on {where}: {err.strerror}") from None
        try:
            for w in self.pool:
                self._spawn(w, secret)
            await asyncio.gather(*(self._wait_ready(w) for w in self.pool))
            shown = "localhost" if self.address in ("0.0.0.0", "::", "") else self.address
            print(
                f"gvc app: http://{shown}:{self.port} ({self.workers} workers; logs in {log_dir})",
                flush=True,
            )
            supervisor = asyncio.create_task(self._supervise(secret))
            async with server:
                await stop.wait()
            self._stopping = True
            supervisor.cancel()
        finally:
            self._stopping = True
            self._stop_workers()


async def _open_worker(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Connect to a worker's loopback port."""
    return await asyncio.open_connection("127.0.0.1", port, limit=MAX_HEAD)


class _Activity:
    """When either direction of a proxied connection last carried data."""

    def __init__(self) -> None:
        self.last = time.monotonic()


class _BrowserFrames:
    """Follows the frames of the browser's half of a websocket: when it last sent a message.

    Control frames (ping, pong, close) are not a person's doing and do not count. Only the frame
    heads are read; payloads are skipped by their length (RFC 6455 section 5.2).
    """

    def __init__(self) -> None:
        self.last = time.monotonic()
        self.messages = 0  # data frames seen
        self._head = b""
        self._skip = 0

    def feed(self, data: bytes) -> None:
        i, n = 0, len(data)
        while i < n:
            if self._skip:
                step = min(self._skip, n - i)
                self._skip -= step
                i += step
                continue
            have = len(self._head)
            head = self._head + data[i : i + 14 - have]  # a frame head is at most 14 bytes
            size = _frame_head_size(head)
            if size is None:  # the rest of the head comes with the next read
                self._head = head
                return
            opcode, length = head[0] & 0x0F, head[1] & 0x7F
            if length >= 126:
                length = int.from_bytes(head[2 : 4 if length == 126 else 10], "big")
            if opcode in (0, 1, 2):  # continuation, text, binary: a message from the page
                self.last = time.monotonic()
                self.messages += 1
            self._head = b""
            i += size - have
            self._skip = length


def _frame_head_size(head: bytes) -> int | None:
    """Length of the websocket frame head at the start of ``head``; None if incomplete."""
    if len(head) < 2:
        return None
    length = head[1] & 0x7F
    size = 2 + (2 if length == 126 else 8 if length == 127 else 0) + (4 if head[1] & 0x80 else 0)
    return size if len(head) >= size else None


#: Streamlit's first message to a session carries its id (NewSession.initialize.session_id,
#: protobuf field 6, 36 characters): the id the tab sends back when it reconnects.
_SESSION_ID_RE = re.compile(
    rb"\x32\x24([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
)


class _SessionId:
    """Finds the session id in the first bytes a worker sends on a session's websocket."""

    LOOK = 1 << 20  # bytes searched before giving up

    def __init__(self) -> None:
        self.value: bytes | None = None
        self._tail = b""
        self._seen = 0

    def feed(self, data: bytes) -> None:
        if self.value is not None or self._seen > self.LOOK:
            return
        self._seen += len(data)
        m = _SESSION_ID_RE.search(self._tail + data)
        if m:
            self.value = m.group(1)
        else:
            self._tail = data[-40:]


def _resumes(head: bytes, ended: dict[bytes, float]) -> bool:
    """Whether a websocket request asks to resume a session that was ended for idleness.

    Streamlit's page passes the id of its previous session as the last entry of
    ``Sec-WebSocket-Protocol`` when it reconnects.
    """
    if not ended:
        return False
    _, fields = _headers(head)
    tokens = fields.get(b"sec-websocket-protocol", b"").split(b",")
    return any(t.strip() in ended for t in tokens[1:])


#: Told to a tab that asks to resume a session ended for idleness. Said in a text frame: the page
#: takes any text message as fatal, stops reconnecting and shows it (Streamlit's page speaks only
#: binary protobuf), which is the point: an idle tab does not poll the server every few seconds.
ENDED_TEXT = "gvc: this page was idle too long and was closed; reload it (F5) to continue."


def _ended_reply(head: bytes) -> bytes:
    """Return the websocket handshake (RFC 6455 section 4.2.2), a text frame and a close frame.

    The page shows "Connection error" and stops; a reload starts a new session.
    """
    _, fields = _headers(head)
    key = fields.get(b"sec-websocket-key", b"")
    accept = base64.b64encode(
        hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest()
    )
    text = ENDED_TEXT.encode()
    reason = (4000).to_bytes(2, "big") + b"idle"
    return (
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Accept: " + accept + b"\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
        + bytes([0x81, len(text)]) + text + bytes([0x88, len(reason)]) + reason
    )


async def _pipe(
    src: asyncio.StreamReader,
    dst: asyncio.StreamWriter,
    idle: float | None = None,
    activity: _Activity | None = None,
    inspect: _BrowserFrames | _SessionId | None = None,
) -> None:
    """Copy ``src`` to ``dst`` until end of stream.

    With ``idle``, the connection is closed once neither direction (``activity``, shared by the
    two pipes of a connection) has carried data for ``idle`` seconds. ``inspect`` is shown every
    chunk on its way.
    """
    seen = activity or _Activity()
    try:
        while True:
            try:
                data = await asyncio.wait_for(src.read(65536), idle)
            except TimeoutError:
                if idle is not None and time.monotonic() - seen.last < idle:
                    continue  # the other direction is busy (a long response)
                dst.close()
                return
            if not data:
                break
            seen.last = time.monotonic()
            if inspect is not None:
                inspect.feed(data)
            dst.write(data)
            await dst.drain()
        if dst.can_write_eof():
            dst.write_eof()
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
        dst.close()


#: errno values that mean the front end itself is out of resources (not the worker's fault).
_OWN_LIMITS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _headers(head: bytes) -> tuple[bytes, dict[bytes, bytes]]:
    """Return the request line and the headers (lower-case names; the last of repeated ones)."""
    lines = head.split(b"\r\n")
    fields: dict[bytes, bytes] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    return lines[0], fields


def _is_stream_upgrade(head: bytes) -> bool:
    """Whether ``head`` asks to open Streamlit's session websocket (``.../_stcore/stream``)."""
    request, fields = _headers(head)
    parts = request.split(b" ")
    if len(parts) != 3 or parts[0] != b"GET":
        return False
    path = parts[1].split(b"?", 1)[0]
    return path.endswith(b"/_stcore/stream") and b"websocket" in fields.get(b"upgrade", b"").lower()


def _same_origin(head: bytes) -> bool:
    """Whether a websocket request comes from a page of this server (or from loopback).

    No ``Origin`` (not a browser) passes, as in Streamlit. A foreign origin gets 403 from the
    front end itself, so Streamlit never runs its external-IP lookup for it.
    """
    _, fields = _headers(head)
    origin = fields.get(b"origin")
    if origin is None:
        return True
    try:
        url = urllib.parse.urlsplit(origin.decode("latin-1"))
        host = (url.hostname or "").lower()
    except ValueError:
        return False
    if host in _LOCAL_HOSTS:
        return True
    return url.netloc.lower() == fields.get(b"host", b"").decode("latin-1").lower()


def port_owned_by(pid: int, port: int) -> bool | None:
    """Whether process ``pid`` holds the socket listening on loopback ``port``.

    Linux only (``/proc/net/tcp*`` and ``/proc/<pid>/fd``); ``None`` where this cannot be told.
    """
    if not sys.platform.startswith("linux"):
        return None
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            cols = row.split()
            if len(cols) > 9 and cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(cols[9])  # 0A: LISTEN
    if not inodes:
        return False
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return None
    for fd in fds:
        with contextlib.suppress(OSError):
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
            if link.startswith("socket:[") and link[8:-1] in inodes:
                return True
    return False


def _cookie_header(index: int) -> bytes:
    return f"Set-Cookie: {COOKIE}={index}; Path=/; SameSite=Lax; HttpOnly\r\n".encode()


def _reply(status: int, text: str) -> bytes:
    body = (text + "\n").encode()
    return (
        f"HTTP/1.1 {status} {text.split(':')[0]}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body


def network_note(address: str, port: int) -> str:
    """Return the line ``gvc app`` prints about who can reach the app."""
    if address in ("127.0.0.1", "localhost", "::1"):
        return (
            f"gvc app: serving on {address}:{port} for this machine only; to serve other machines "
            f"on your network: gvc app --address 0.0.0.0 (no login: trusted networks only; for "
            "anything wider put a TLS reverse proxy in front, see docs/app.md)"
        )
    return (
        f"gvc app: serving on {address}:{port} to every machine that can reach it, with no "
        "login; use --address 127.0.0.1 to keep it to this machine"
    )


def _run_one(cmd: list[str], env: dict[str, str]) -> int:
    """Run one Streamlit process until it ends; stopping ``gvc app`` stops it too.

    ``subprocess.call`` alone left Streamlit running when ``gvc app`` was sent SIGTERM (a
    service manager, a test's teardown): the signal is passed on, and on Linux the child also
    dies with its parent (SIGKILL included). Ctrl-C reaches both through the terminal; this
    process then waits for Streamlit to finish.
    """
    import threading

    proc = subprocess.Popen(cmd, cwd=config.app_dir(), env=env, preexec_fn=_PREEXEC)
    main = threading.current_thread() is threading.main_thread()
    previous = (
        signal.signal(signal.SIGTERM, lambda signum, _frame: proc.send_signal(signum))
        if main
        else None
    )
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:  # Streamlit got the Ctrl-C too: let it stop
                continue
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:  # pragma: no cover - only when wait() itself failed
            proc.terminate()


def serve(
    workers: int,
    port: int = 8501,
    address: str = "127.0.0.1",
    streamlit_args: Sequence[str] = (),
    env: dict[str, str] | None = None,
    max_per_client: int = MAX_PER_CLIENT,
    idle_session: float = IDLE_SESSION,
) -> int:
    """Run the app: one Streamlit process (``workers=1``) or N behind the front end.

    The default address is loopback: only this machine reaches the app. ``address="0.0.0.0"``
    (``gvc app --address 0.0.0.0``) serves every network the machine is on, with no login.
    """
    workers = check_workers(workers)
    if not 1 <= int(port) <= 65535:
        raise GvcError(f"--port: expected 1-65535, got {port}")
    print(network_note(address, port), flush=True)
    if workers == 1:
        cmd = streamlit_command(port, address, list(streamlit_args))
        warm = {**(env or os.environ), WARM_ENV: "1"}
        return _run_one(cmd, warm)
    app = AppServer(
        workers,
        port,
        address,
        list(streamlit_args),
        env,
        max_per_client=int(max_per_client),
        idle_session=float(idle_session),
    )
    asyncio.run(app.run())
    return 0
