"""Issue 18 regressions in the build, the configuration and the app server (safe defaults).

Each test failed before its fix: item 5 (``--db`` over a non-database file), item 9 (loopback by
default, an impostor on a dead worker's port), item 3 (foreign-origin websockets reach Streamlit's
external-IP lookup) and the item-10 ones (read-only lock, readers waiting for a build, a killed
build's temporary file, ``GVC_HOME=/dev/null``, the front end's own EMFILE, ``upgrade: websocket``
steering, serial restarts).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gvc
from gvc import appserver
from gvc import build as build_mod
from gvc.appserver import MAX_HEAD, AppServer, Worker, free_port
from gvc.cli import build_parser, main
from tests.helpers import DATA, REPO, private_home


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GVC_")}
    return {**env, "GVC_HOME": str(home), "GVC_DATA_DIR": str(DATA), **extra}


# -- item 5: --db never replaces a file that is not a database -------------------------------------


def test_db_option_refuses_an_existing_non_database_file(tmp_path, capsys):
    results = tmp_path / "results.csv"
    results.write_text("product,value\n0901,12.5\n", encoding="utf-8")
    before = results.read_bytes()
    with private_home(tmp_path / "home"):
        assert main(["--db", str(results), "info"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gvc: error: --db/GVC_DB: ")
    assert "is not a DuckDB database" in err
    assert results.read_bytes() == before  # untouched
    assert not list(tmp_path.glob(".results.csv.*"))  # no temporary database beside it


# -- item 10: the lock, readers, a killed build, GVC_HOME ------------------------------------------


@pytest.fixture
def built(tmp_path) -> Path:
    """A private home with an up-to-date database."""
    with private_home(tmp_path / "home", build=True) as home:
        yield home / "gvc.duckdb"


def test_info_works_when_the_lock_file_cannot_be_opened(built, capsys):
    # as in a read-only GVC_HOME (root ignores permissions, so the lock is made unopenable)
    lock = built.with_name(built.name + ".lock")
    lock.unlink(missing_ok=True)  # (left by the build, as it always is)
    lock.mkdir()
    assert main(["info"]) == 0
    assert "database:" in capsys.readouterr().out
    assert main(["build", "--force"]) == 2  # a build needs the lock: one clear line
    err = capsys.readouterr().err
    assert err.startswith("gvc: error: cannot build ")
    assert "not writable" in err


def test_readers_do_not_wait_for_a_running_build(built):
    code = "import gvc, time; t = time.monotonic(); gvc.connect().close(); print(time.monotonic() - t)"
    with build_mod.build_lock(built):  # a build (e.g. build --force elsewhere) holds the lock
        out = subprocess.run([sys.executable, "-c", code], env=_env(built.parent), timeout=120,
                             capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert float(out.stdout) < 30  # before the fix: blocked until the lock was released


def test_a_killed_builds_temporary_database_goes_at_the_next_connect(built):
    import gvc

    stale = built.with_name(f".{built.name}.999999.deadbeef.tmp")
    stale.write_bytes(b"x" * 1000)  # what `build --force` killed by SIGKILL leaves
    wal = stale.with_name(stale.name + ".wal")
    wal.write_bytes(b"x")
    with build_mod.build_lock(built):  # while a build runs, its temporary file is not touched
        gvc.connect().close()
        assert stale.exists()
    gvc.connect().close()
    assert not stale.exists()
    assert not wal.exists()


def test_gvc_home_that_is_not_a_folder_is_a_one_line_error(tmp_path):
    out = subprocess.run([sys.executable, "-m", "gvc.cli", "info"], cwd=tmp_path,
                         env=_env(Path("/dev/null")), capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr.startswith("gvc: error: GVC_HOME: cannot use /dev/null")
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("value", ["-1", "0", "ten", "99999999999"])
def test_top_must_be_a_positive_count(value, capsys):
    with pytest.raises(SystemExit) as ex:
        build_parser().parse_args(["opportunities", "--cluster", "x", "--top", value])
    assert ex.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --top: must be a whole number from 1 to 10,000,000 (got '{value}')" in err
    assert "Traceback" not in err


def _baci_zip(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("BACI_HS17_Y2020_V202301.csv", "t,i,j,k,v,q\n" + "2020,4,8,10110,1.0,2.0\n" * 50)
    return path.read_bytes()


def test_damaged_zips_are_a_one_line_error(built, tmp_path, capsys):
    """A truncated zip and a member with a bad CRC gave a zipfile traceback."""
    data = _baci_zip(tmp_path / "ok.zip")
    (tmp_path / "trunc.zip").write_bytes(data[: len(data) // 2])
    bad = bytearray(data)
    at = bad.find(b"2020,4,8") + 100
    bad[at] ^= 0x55  # one byte of the member's data: its CRC no longer matches
    (tmp_path / "crc.zip").write_bytes(bytes(bad))
    for name, reason in (("trunc.zip", "File is not a zip file"), ("crc.zip", "Bad CRC-32")):
        assert main(["import", "baci", str(tmp_path / name)]) == 2
        err = capsys.readouterr().err
        last = err.splitlines()[-1]  # after the progress line, if any
        assert last.startswith(f"gvc: error: {name}: not a readable zip archive ({reason}")
        assert "Traceback" not in err


def test_out_paths_the_file_system_refuses_are_a_one_line_error(built, tmp_path, capsys):
    """Item 10: ``--out`` an existing folder and a 300-character name gave tracebacks."""
    folder = tmp_path / "d.csv"
    folder.mkdir()
    for out, says in (
        (folder, "is a folder, expected a file name"),
        (tmp_path / ("a" * 300 + ".csv"), "File name too long"),
    ):
        assert main(["products", "kopi", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("gvc: error: '--out'"), err
        assert says in err
        assert "Traceback" not in err


def test_a_megabyte_string_for_a_table_parameter_is_refused_briefly(con):
    """Item 10: ``tariffs=`` / ``projections=`` given a 1 MB string (not a table or a path)."""
    for param in ("tariffs", "projections"):
        with pytest.raises(gvc.GvcError) as err:
            con.market_targets("IDN", "0901", 2015, **{param: "x" * 1_000_000})
        text = str(err.value)
        assert text == f"'{param}': expected a file path (got 1000000 characters)"


# -- item 9: the default server --------------------------------------------------------------------


def test_app_binds_loopback_unless_told_otherwise():
    assert build_parser().parse_args(["app"]).address == "127.0.0.1"
    assert AppServer(workers=2).address == "127.0.0.1"
    assert "--address 0.0.0.0" in appserver.network_note("127.0.0.1", 8501)
    assert "no login" in appserver.network_note("0.0.0.0", 8501)


async def _impostor(port: int) -> asyncio.Server:
    """A local process's server on ``port`` that answers every request 200 ok."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        await writer.drain()
        writer.close()

    return await asyncio.start_server(answer, "127.0.0.1", port)


def test_a_worker_counts_as_healthy_only_on_its_own_port(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("port ownership is checked through /proc (Linux)")
    # our worker process is alive but has not bound its port; an impostor has
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    port = free_port()
    try:
        app = AppServer(workers=1)
        w = Worker(0, port, tmp_path / "w.log", sleeper)

        async def check() -> tuple[bool, bool | None]:
            server = await _impostor(port)
            async with server:
                return await app._healthy(w), appserver.port_owned_by(os.getpid(), port)

        healthy, ours = asyncio.run(check())
        assert healthy is False  # before the fix: True, and browsers were routed to the impostor
        assert ours is True  # the check itself sees the owner (here: this test process)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_restarted_worker_gets_a_fresh_port(tmp_path, monkeypatch):
    app = AppServer(workers=1, log_dir=tmp_path)
    w = Worker(0, free_port(), tmp_path / "w.log", starts=1)
    old = w.port
    started: list[list[str]] = []

    class Proc:
        pid = 1

        def __init__(self, cmd: list[str], **_: object) -> None:
            started.append(cmd)

    monkeypatch.setattr(appserver.subprocess, "Popen", Proc)
    app._spawn(w, "secret")
    assert w.port != old
    assert started[0][started[0].index("--server.port") + 1] == str(w.port)


# -- the front end (in process, fake workers) ------------------------------------------------------


class FakeProc:
    returncode: int | None = None
    pid = 0

    def poll(self) -> int | None:
        return self.returncode


def _pool(n: int, port: int = 9) -> AppServer:
    app = AppServer(workers=n)
    app.pool = [Worker(i, port, Path(f"w{i}.log"), FakeProc(), ready=True) for i in range(n)]
    return app


async def _ask(app: AppServer, payload: bytes) -> bytes:
    server = await asyncio.start_server(app._handle, "127.0.0.1", 0, limit=MAX_HEAD)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(payload)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), timeout=10)
        writer.close()
        return answer


def _ws_head(origin: str | None, host: str = "127.0.0.1:8501", path: str = "/_stcore/stream") -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", "Upgrade: websocket", "Connection: Upgrade",
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_foreign_origin_websockets_are_refused_by_the_front_end(monkeypatch):
    contacted: list[int] = []

    async def no_worker(port: int):
        contacted.append(port)
        raise ConnectionRefusedError

    monkeypatch.setattr(appserver, "_open_worker", no_worker)
    app = _pool(1)
    started = time.monotonic()
    answers = [asyncio.run(_ask(app, _ws_head("http://evil.example"))) for _ in range(40)]
    assert all(a.startswith(b"HTTP/1.1 403 ") for a in answers)
    assert time.monotonic() - started < 10
    assert contacted == []  # Streamlit (and its external-IP lookup) never saw them
    # same-origin and loopback pages go through to a worker
    asyncio.run(_ask(app, _ws_head("http://127.0.0.1:8501")))
    app.pool[0].ready = True  # (the refused connection marked it down)
    asyncio.run(_ask(app, _ws_head("http://192.168.1.5:8501", host="192.168.1.5:8501")))
    assert len(contacted) == 2


def test_the_front_ends_own_emfile_is_not_a_refusing_worker(monkeypatch):
    async def out_of_fds(port: int):
        raise OSError(errno.EMFILE, "Too many open files")

    monkeypatch.setattr(appserver, "_open_worker", out_of_fds)
    app = _pool(2)
    answer = asyncio.run(_ask(app, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
    assert answer.startswith(b"HTTP/1.1 503 ")
    assert b"busy" in answer
    assert all(w.ready for w in app.pool)  # before the fix: both marked down, 503 for everyone


async def _fake_worker() -> asyncio.Server:
    """A worker that accepts websockets on ``.../_stcore/stream`` only (404 elsewhere)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        path = head.split(b" ")[1]
        if path.endswith(b"/_stcore/stream"):
            writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
        else:
            writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        await asyncio.sleep(1.0)  # the connection stays open a while
        writer.close()

    return await asyncio.start_server(answer, "127.0.0.1", 0)


def test_a_mere_upgrade_header_does_not_count_as_a_session():
    async def run() -> int:
        worker = await _fake_worker()
        async with worker:
            app = _pool(1, worker.sockets[0].getsockname()[1])
            front = await asyncio.start_server(app._handle, "127.0.0.1", 0, limit=MAX_HEAD)
            port = front.sockets[0].getsockname()[1]
            async with front:
                conns = []
                # three connections that merely carry the header, one real session
                for path in ("/", "/x", "/app/static/x", "/_stcore/stream"):
                    r, w = await asyncio.open_connection("127.0.0.1", port)
                    w.write(_ws_head(None, path=path))
                    await w.drain()
                    await r.readuntil(b"\r\n\r\n")
                    conns.append(w)
                count = app.pool[0].sessions
                for w in conns:
                    w.close()
                    await w.wait_closed()
                await asyncio.sleep(1.5)  # the worker and the front end close their ends
                return count

    assert asyncio.run(run()) == 1  # before the fix: 4, and new browsers went elsewhere


def test_dead_workers_are_restarted_in_parallel(monkeypatch, tmp_path):
    app = AppServer(workers=2, log_dir=tmp_path)
    app.pool = [Worker(i, 9, tmp_path / f"w{i}.log", FakeProc()) for i in range(2)]
    for w in app.pool:
        w.proc.returncode = -9  # both dead
    ready_at: dict[int, float] = {}

    def spawn(w: Worker, secret: str) -> None:
        w.proc = FakeProc()
        w.started_at = time.monotonic()

    async def wait_ready(w: Worker) -> None:
        await asyncio.sleep(2.0)  # a worker's start takes a while
        w.ready = True
        ready_at[w.index] = time.monotonic()

    monkeypatch.setattr(app, "_spawn", spawn)
    monkeypatch.setattr(app, "_wait_ready", wait_ready)

    async def run() -> None:
        task = asyncio.create_task(app._supervise("secret"))
        deadline = time.monotonic() + 15
        while len(ready_at) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        app._stopping = True
        await task

    asyncio.run(run())
    assert sorted(ready_at) == [0, 1]
    assert abs(ready_at[0] - ready_at[1]) < 1.0  # before: one after the other, 2 s apart


def test_the_checkout_is_found_by_config(monkeypatch):
    from gvc import config

    monkeypatch.delenv("GVC_DATA_DIR", raising=False)
    assert config.data_dir() == REPO / "data"
    assert config.app_dir() == REPO


# -- item 3: Streamlit's external-IP lookup is off -------------------------------------------------


def test_workers_never_look_up_their_external_ip(con, tmp_path):
    """40 foreign-origin websocket upgrades straight to a worker: 403s, and no lookup at all.

    Streamlit logs "Did not auto detect external IP" after each failed lookup (there is no
    internet here, so every lookup fails); before the fix the log had it at start and again for
    every foreign origin, each lookup blocking the worker's event loop for up to 2 s.
    """
    import socket
    import urllib.request

    from gvc import config

    port = free_port()
    log = tmp_path / "worker.log"
    cmd = appserver.streamlit_command(port, "127.0.0.1", ["--server.headless", "true"])
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=config.app_dir(), env=_env(tmp_path, GVC_DB=str(con.path)),
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(log.read_text()[-2000:])
                time.sleep(0.3)
        started = time.monotonic()
        statuses = []
        for _ in range(40):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(_ws_head("http://evil.example", host=f"127.0.0.1:{port}"))
                statuses.append(s.recv(64).split(b" ")[1])
        assert statuses == [b"403"] * 40
        assert time.monotonic() - started < 20
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    text = log.read_text()
    assert "You can now view your Streamlit app" in text  # the log is the worker's
    assert "external IP" not in text


# -- per-client connection cap and idle HTTP connections --------------------------------------------


async def _close(*writers: asyncio.StreamWriter) -> None:
    for w in writers:
        w.close()
        with contextlib.suppress(Exception):
            await w.wait_closed()


def _worker_handler(slow_path: bytes | None = None, keep: float = 1.0):
    """A fake worker: 101 on /_stcore/stream, 200 elsewhere (trickled on ``slow_path``)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            if head.split(b" ")[1].endswith(b"/_stcore/stream"):
                writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
            elif slow_path and slow_path in head:  # trickles for longer than the idle limit
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n")
                for ch in b"abcdef":
                    await asyncio.sleep(0.15)
                    writer.write(bytes([ch]))
                    await writer.drain()
            else:
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
            await asyncio.sleep(keep)  # the worker keeps the connection alive this long
        finally:
            writer.close()

    return answer


@contextlib.asynccontextmanager
async def _front_and_worker(handler, **options):
    """A fake worker and a one-worker front end (``options`` set on the AppServer): its port."""
    worker = await asyncio.start_server(handler, "127.0.0.1", 0)
    async with worker:
        app = _pool(1, worker.sockets[0].getsockname()[1])
        for k, v in options.items():
            setattr(app, k, v)
        front = await asyncio.start_server(app._handle, "127.0.0.1", 0, limit=MAX_HEAD)
        async with front:
            yield app, front.sockets[0].getsockname()[1]


def test_one_client_cannot_hold_more_than_its_share_of_connections():
    async def run() -> tuple[bytes, bytes, dict[str, int]]:
        async with _front_and_worker(_worker_handler(keep=0.5), max_per_client=5) as (app, port):
            held = []
            for _ in range(5):  # five open sessions: the cap
                r, w = await asyncio.open_connection("127.0.0.1", port)
                w.write(_ws_head(None))
                await w.drain()
                await r.readuntil(b"\r\n\r\n")
                held.append(w)
            r, w = await asyncio.open_connection("127.0.0.1", port)
            sixth = await asyncio.wait_for(r.read(), timeout=5)  # refused before any read
            await _close(w, *held)
            await asyncio.sleep(1.0)  # the fake worker closes its ends after 0.5 s
            left = dict(app._per_client)
            # once they are closed the client is served again
            r, w = await asyncio.open_connection("127.0.0.1", port)
            w.write(_ws_head(None))
            await w.drain()
            again = await r.readuntil(b"\r\n\r\n")
            await _close(w)
            await asyncio.sleep(1.0)
            return sixth, again, left

    sixth, again, left = asyncio.run(run())
    assert sixth.startswith(b"HTTP/1.1 429 ")
    assert b"too many connections from this client" in sixth
    assert again.startswith(b"HTTP/1.1 101 ")
    assert left == {}  # every closed connection gave its slot back


def test_an_idle_http_connection_is_closed_but_a_long_response_is_not():
    async def run() -> tuple[float, bytes]:
        handler = _worker_handler(b"/slow", keep=3.0)
        async with _front_and_worker(handler, idle_timeout=0.5) as (_app, port):
            r, w = await asyncio.open_connection("127.0.0.1", port)
            w.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            await w.drain()
            start = time.monotonic()
            await asyncio.wait_for(r.read(), timeout=4)  # ends when the front end closes
            idle_closed = time.monotonic() - start
            await _close(w)
            r, w = await asyncio.open_connection("127.0.0.1", port)
            w.write(b"GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            await w.drain()
            body = await asyncio.wait_for(r.read(), timeout=4)
            await _close(w)
            await asyncio.sleep(3.2)  # the fake worker's handlers end
            return idle_closed, body

    idle_closed, body = asyncio.run(run())
    assert idle_closed < 2.5  # closed after the 0.5 s idle limit, not the worker's 3 s
    assert body.endswith(b"abcdef")  # 0.9 s of trickle, never 0.5 s without data


# -- item 9: a worker that dies between the choice and the connection -------------------------------


def test_a_port_taken_after_the_worker_died_gets_no_request(monkeypatch):
    async def run() -> tuple[bytes, list[bytes]]:
        got: list[bytes] = []

        async def impostor(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            got.append(await reader.read(65536))  # whatever the front end would send
            writer.close()

        server = await asyncio.start_server(impostor, "127.0.0.1", 0)
        app = _pool(1, server.sockets[0].getsockname()[1])
        real_open = appserver._open_worker

        async def worker_dies_meanwhile(port: int):
            app.pool[0].proc.returncode = -9  # died after choose(); the impostor had the port
            return await real_open(port)

        monkeypatch.setattr(appserver, "_open_worker", worker_dies_meanwhile)
        async with server:
            answer = await _ask(
                app, b"GET / HTTP/1.1\r\nHost: x\r\nCookie: gvc_worker=0; session=secret\r\n\r\n"
            )
            await asyncio.sleep(0.2)
        return answer, got

    answer, got = asyncio.run(run())
    assert answer.startswith(b"HTTP/1.1 503 ")  # no worker: the browser is told, not misrouted
    assert b"secret" not in b"".join(got)  # before the fix: the impostor got the head and cookie


# -- idle websocket sessions ----------------------------------------------------------------------

_SID = b"0b6c3f7e-94a1-4c55-9d0e-2f1d8a7b6c5e"


def _frame(opcode: int, payload: bytes, mask: bytes = b"\x01\x02\x03\x04") -> bytes:
    """A masked websocket frame as a browser sends it."""
    n = len(payload)
    size = bytes([0x80 | n]) if n < 126 else (
        bytes([0xFE]) + n.to_bytes(2, "big") if n < 65536 else bytes([0xFF]) + n.to_bytes(8, "big")
    )
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes([0x80 | opcode]) + size + mask + body


def test_browser_frames_count_messages_not_pings_however_the_bytes_arrive():
    stream = (
        _frame(0x9, b"ping") + _frame(0x2, b"x" * 5) + _frame(0xA, b"pong" * 40)
        + _frame(0x2, b"y" * 300) + _frame(0x1, b"z" * 70_000) + _frame(0xA, b"")
    )
    for chunk in (1, 3, 13, 4096, len(stream)):
        frames = appserver._BrowserFrames()
        for i in range(0, len(stream), chunk):
            frames.feed(stream[i : i + chunk])
        assert frames.messages == 3, chunk  # binary, binary, text; no ping or pong
        assert frames._skip == 0
        assert frames._head == b""


def _session_worker(keep: float = 5.0):
    """A fake worker whose websocket sends Streamlit's NewSession bytes (with the id), then waits."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
            payload = b"\x22\x40\x0a\x3e" + b"\x32\x24" + _SID  # new_session.initialize.session_id
            writer.write(bytes([0x82, len(payload)]) + payload)
            await writer.drain()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(reader.read(), timeout=keep)  # until the front end closes
        finally:
            writer.close()

    return answer


def _resume_head(sid: bytes) -> bytes:
    return _ws_head(None).replace(
        b"\r\n\r\n", b"\r\nSec-WebSocket-Protocol: streamlit, PLACEHOLDER_AUTH_TOKEN, " + sid
        + b"\r\n\r\n"
    )


def test_an_idle_tab_is_closed_and_cannot_resume_but_a_busy_one_stays():
    async def session(port: int, every: float, opcode: int, seconds: float) -> float | None:
        """Open a session, send a frame every ``every`` s; return when the front end closed it."""
        r, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(_ws_head(None))
        await w.drain()
        await r.readuntil(b"\r\n\r\n")
        start = time.monotonic()
        try:
            while time.monotonic() - start < seconds:
                with contextlib.suppress(TimeoutError):
                    if not await asyncio.wait_for(r.read(65536), timeout=every):
                        return time.monotonic() - start  # closed by the front end
                w.write(_frame(opcode, b"msg"))
                await w.drain()
            return None
        except ConnectionError:
            return time.monotonic() - start
        finally:
            await _close(w)

    async def run() -> tuple[float | None, float | None, bytes, bytes, int]:
        async with _front_and_worker(_session_worker(), idle_session=1.0) as (app, port):
            pinging, clicking = await asyncio.gather(
                session(port, 0.2, 0x9, 3.0),  # pings only: idle
                session(port, 0.2, 0x2, 3.0),  # a message every 0.2 s: in use
            )
            resumed = await _ask(app, _resume_head(_SID))
            other = await _ask(app, _resume_head(_SID.replace(b"0b6c", b"1b6c")))
            await asyncio.sleep(0.2)
            return pinging, clicking, resumed, other, len(app._ended)

    pinging, clicking, resumed, other, ended = asyncio.run(run())
    assert pinging is not None
    assert 0.9 < pinging < 2.5
    assert clicking is None  # stayed open for all 3 s
    # the tab is told in a text frame, which Streamlit's page takes as final: no reconnect loop
    assert resumed.startswith(b"HTTP/1.1 101 ")
    assert appserver.ENDED_TEXT.encode() in resumed
    assert resumed.endswith(b"\x88\x06\x0f\xa0idle")  # close frame, code 4000
    assert other.startswith(b"HTTP/1.1 101 ")  # another session resumes normally: the worker's
    assert _SID in other
    assert appserver.ENDED_TEXT.encode() not in other
    assert ended == 1  # (the fake worker gives every session the same id)


def test_idle_minutes_is_checked(capsys):
    for bad in ("-1", "nan", "20000"):
        assert main(["app", "--idle-minutes", bad]) == 2, bad
        assert "--idle-minutes" in capsys.readouterr().err
