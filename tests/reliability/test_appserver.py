"""``gvc app --workers N``: the front end that routes browsers to Streamlit worker processes.

Unit tests of the routing rule, then one real two-worker server: the cookie, sticky sessions
(a websocket session resumes only on the worker that holds it), a killed worker started again,
and a clean stop that leaves no worker behind.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from gvc.appserver import (
    MAX_HEAD,
    AppServer,
    Worker,
    check_workers,
    default_workers,
)
from gvc.errors import GvcError
from tests.helpers import REPO, gvc_app


class FakeProc:
    """A Popen stand-in: running until ``returncode`` is set."""

    def __init__(self) -> None:
        self.returncode: int | None = None

    def poll(self) -> int | None:
        return self.returncode


def _pool(n: int) -> AppServer:
    app = AppServer(workers=n)
    app.pool = [Worker(i, 9000 + i, Path(f"w{i}.log"), FakeProc(), ready=True) for i in range(n)]
    return app


def _head(cookie: str | None = None) -> bytes:
    lines = [b"GET / HTTP/1.1", b"Host: x"]
    if cookie is not None:
        lines.append(b"Cookie: " + cookie.encode())
    return b"\r\n".join(lines) + b"\r\n\r\n"


def test_worker_count_is_checked(monkeypatch):
    assert check_workers("3") == 3
    with pytest.raises(GvcError, match="--workers: expected 1-16 workers, got 0"):
        check_workers(0)
    with pytest.raises(GvcError, match=r"expected a whole number of workers.*'two'"):
        check_workers("two")
    monkeypatch.setenv("GVC_APP_WORKERS", "5")
    assert default_workers() == 5
    monkeypatch.setenv("GVC_APP_WORKERS", "99")
    with pytest.raises(GvcError, match="GVC_APP_WORKERS: expected 1-16 workers, got 99"):
        default_workers()
    monkeypatch.delenv("GVC_APP_WORKERS")
    assert default_workers() == max(1, min(4, os.cpu_count() or 1))


def test_a_cookie_pins_the_browser_to_its_worker():
    app = _pool(3)
    app.pool[1].sessions = 50  # busy, but the cookie wins
    assert app.choose(_head("a=1; gvc_worker=1; b=2")) == (app.pool[1], False)
    assert app.choose(_head("gvc_worker=2")) == (app.pool[2], False)


def test_new_browsers_go_to_the_least_busy_worker_in_turn():
    app = _pool(3)
    app.pool[0].sessions, app.pool[1].sessions, app.pool[2].sessions = 2, 0, 1
    assert app.choose(_head()) == (app.pool[1], True)
    app.pool[1].sessions = 2
    assert app.choose(_head()) == (app.pool[2], True)
    # all equal: successive new browsers are spread over the workers
    for w in app.pool:
        w.sessions = 0
    chosen = [app.choose(_head())[0].index for _ in range(6)]
    assert sorted(chosen) == [0, 0, 1, 1, 2, 2]


def test_bad_or_stale_cookies_are_replaced():
    app = _pool(2)
    for cookie in (
        "gvc_worker=7",
        "gvc_worker=x",
        "gvc_worker=",
        "xgvc_worker=1",
        "gvc_worker=01a",
    ):
        worker, set_cookie = app.choose(_head(cookie))
        assert worker in app.pool
        assert set_cookie, cookie
    app.pool[1].proc.returncode = -9  # the worker died: its browsers move, with a new cookie
    assert app.choose(_head("gvc_worker=1")) == (app.pool[0], True)
    app.pool[1].proc.returncode = None
    app.pool[1].ready = False  # restarting: not routed to until healthy
    assert app.choose(_head("gvc_worker=1")) == (app.pool[0], True)
    app.pool[0].ready = False
    assert app.choose(_head()) == (None, False)


# -- a real two-worker server ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(con, tmp_path_factory):
    """``gvc app --workers 2`` on a free loopback port, serving the session database."""
    with gvc_app(
        con, tmp_path_factory.mktemp("apphome"), "--server.enableXsrfProtection", "false"
    ) as app:
        yield app


def _get(url: str, cookie: str | None = None) -> tuple[int, list[str], bytes]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.headers.get_all("Set-Cookie") or [], r.read()


def _worker_pids(front_pid: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(front_pid)], capture_output=True, text=True, check=False
    )
    return [int(p) for p in out.stdout.split()]


def _state(pid: int) -> str:
    """The process state letter from /proc ('' when the process is gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


async def _session_id(port: int, cookie: str, resume: str = "") -> str:
    """Open a websocket session (resuming ``resume`` if given), run the home page, return the
    session id the server reports."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    protocols = ["streamlit", "x", resume] if resume else ["streamlit"]
    async with websockets.connect(
        f"ws://127.0.0.1:{port}/_stcore/stream",
        subprotocols=protocols,
        additional_headers={"Cookie": cookie},
        max_size=None,
    ) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        await ws.send(msg.SerializeToString())
        session = ""
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                session = fm.new_session.initialize.session_id or session
            if kind == "script_finished":
                return session


def test_pages_and_static_files_pass_through_with_a_cookie(server):
    base = server["base"]
    status, cookies, body = _get(f"{base}/")
    assert status == 200
    assert b"<html" in body.lower()
    worker = [c for c in cookies if c.startswith("gvc_worker=")]
    assert len(worker) == 1
    assert "Path=/" in worker[0]
    assert "HttpOnly" in worker[0]
    status, again, _ = _get(f"{base}/markets", cookie=worker[0].split(";")[0])
    assert status == 200
    assert not [c for c in again if c.startswith("gvc_worker=")]  # already pinned: no new cookie
    status, _, topo = _get(f"{base}/app/static/geo/world_countries_110m.topojson")
    assert status == 200
    assert topo == (REPO / "static/geo/world_countries_110m.topojson").read_bytes()


def test_a_session_resumes_only_on_its_own_worker(server):
    port = server["port"]
    first = asyncio.run(_session_id(port, "gvc_worker=0"))
    assert first
    # reconnecting to the same worker resumes the session (Streamlit keeps it after a disconnect)
    assert asyncio.run(_session_id(port, "gvc_worker=0", resume=first)) == first
    # the other worker does not know it and opens a new one
    other = asyncio.run(_session_id(port, "gvc_worker=1", resume=first))
    assert other
    assert other != first


def test_a_killed_worker_is_started_again(server):
    base, proc = server["base"], server["proc"]
    pids = _worker_pids(proc.pid)
    assert len(pids) == 2, pids
    os.kill(pids[0], signal.SIGKILL)
    # gone: reaped by the front end (a killed process shows 'Z' while its other threads, which
    # may still hold the listening socket, exit; the front end reaps it once all are gone)
    deadline = time.monotonic() + 30
    while _state(pids[0]) != "":
        assert time.monotonic() < deadline, _state(pids[0])
        time.sleep(0.05)
    # meanwhile every request is answered, by the other worker, even with the dead one's cookie
    for cookie in ("gvc_worker=0", "gvc_worker=1", None):
        status, cookies, _ = _get(f"{base}/", cookie=cookie)
        assert status == 200
    deadline = time.monotonic() + 180
    while True:
        now = _worker_pids(proc.pid)
        if len(now) == 2 and pids[0] not in now:
            break
        assert time.monotonic() < deadline, "worker not restarted"
        time.sleep(0.5)
    assert "exited (-9); starting it again" in server["log"].read_text()
    for cookie in ("gvc_worker=0", "gvc_worker=1"):  # both serve again once healthy
        deadline = time.monotonic() + 180
        while True:
            status, cookies, _ = _get(f"{base}/", cookie=cookie)
            if not cookies or not any(c.startswith("gvc_worker=") for c in cookies):
                break
            assert time.monotonic() < deadline, f"{cookie} never served again"
            time.sleep(0.5)
        assert status == 200


def test_stopping_the_front_end_stops_every_worker(con, tmp_path):
    with gvc_app(con, tmp_path) as app:
        proc, log = app["proc"], app["log"]
        pids = _worker_pids(proc.pid)
        assert len(pids) == 2
        assert "2 workers" in log.read_text()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    for pid in pids:  # gone, not orphaned
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    logs = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert logs == ["app_worker_0.log", "app_worker_1.log"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="lists the child with ps")
def test_stopping_a_single_worker_app_stops_streamlit(con, tmp_path):
    # gvc app --workers 1 runs Streamlit as its child: a SIGTERM to gvc app (a service
    # manager, a test's teardown) left that child serving, 1 GB resident, for the rest of CI
    with gvc_app(con, tmp_path, workers=1) as app:
        proc = app["proc"]
        pids = _worker_pids(proc.pid)
        assert len(pids) == 1
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _state(pids[0]) not in ("", "Z"):
        time.sleep(0.2)
    assert _state(pids[0]) in ("", "Z")  # gone (or exited, waiting for init to reap it)


def test_a_busy_port_is_a_clear_error(con, tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        env = {**os.environ, "GVC_DB": str(con.path), "GVC_HOME": str(tmp_path)}
        cmd = [sys.executable, "-m", "gvc.cli", "app", "--address", "127.0.0.1"]
        out = subprocess.run(
            [*cmd, "--port", str(port), "--workers", "2"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert out.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in out.stderr
    assert not (tmp_path / "logs").exists()  # the port is taken first: no worker was started


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "gvc: error: --workers: expected 1-16 workers, got 0"),
        (["--workers", "2", "--port", "70000"], "gvc: error: --port: expected 1-65535, got 70000"),
        (
            ["--workers", "2", "--address", "'; DROP TABLE x;--"],
            "gvc: error: --address/--port: cannot listen on '; DROP TABLE x;--:",
        ),
    ],
    ids=["workers", "port", "address"],
)
def test_bad_options_on_the_command_line(args, message, tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "gvc.cli", "app", *args],
        cwd=REPO,
        env={**os.environ, "GVC_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "logs").exists()  # no worker was started


# -- the front end's answers to bad requests (in process, no workers) -----------------------------


async def _ask(app: AppServer, payload: bytes, wait: float = 5.0) -> bytes:
    """Send ``payload`` to ``app``'s front end on a loopback port; return what it answers."""
    server = await asyncio.start_server(app._handle, "127.0.0.1", 0, limit=MAX_HEAD)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(payload)
        if not payload:
            writer.write_eof()  # a client that connects and hangs up
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), timeout=wait)
        writer.close()
        return answer


def test_front_end_answers_bad_requests_with_a_status():
    app = _pool(1)
    app.pool[0].ready = False  # no worker ready
    assert asyncio.run(_ask(app, _head())).startswith(b"HTTP/1.1 503 ")
    huge = b"GET / HTTP/1.1\r\nX-Big: " + b"a" * (MAX_HEAD + 10) + b"\r\n\r\n"
    assert asyncio.run(_ask(_pool(1), huge)).startswith(b"HTTP/1.1 431 ")
    slow = _pool(1)
    slow.head_timeout = 0.3  # a client that stops in the middle of its request head
    started = time.monotonic()
    assert asyncio.run(_ask(slow, b"GET / HTTP/1.1\r\nHost: x\r\n")).startswith(b"HTTP/1.1 408 ")
    assert time.monotonic() - started < 3
    assert asyncio.run(_ask(_pool(1), b"")) == b""  # nothing asked, nothing answered
