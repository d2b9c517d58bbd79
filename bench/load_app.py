"""Load test of the Streamlit app: N concurrent sessions on the embedded data for a fixed time.

Starts ``streamlit run app.py`` on a free loopback port (headless, no file watcher), then opens
``--sessions`` Streamlit websocket clients (the protocol the browser speaks: protobuf ``BackMsg`` /
``ForwardMsg`` over ``/_stcore/stream``). Each session walks the app's pages in turn, starting at
a different page, and times every page run from the ``rerun_script`` request to
``script_finished``. Reported: p50/p95/max latency, runs, and errors, where an error is a run that
shows an exception or an ``st.error`` box, a run that does not finish within ``--timeout``, or a
dropped connection. Everything is bounded (duration, timeout, number of sessions), runs on
127.0.0.1 only and stops the server at the end.

Usage::

    .venv/bin/python bench/load_app.py --sessions 20 --seconds 60
    .venv/bin/python bench/load_app.py --sessions 20 --seconds 60 --think 5   # users who read

``GVC_HOME``/``GVC_DB`` select the database as for the app (built on first use).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_S = 2.0


@dataclass
class Result:
    """Latencies (s) of the page runs and what went wrong."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)

    def summary(self, sessions: int, seconds: float) -> dict[str, object]:
        lat = sorted(self.latencies)

        def q(p: float) -> float:
            return lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")

        return {
            "sessions": sessions,
            "seconds": seconds,
            "runs": len(lat),
            "runs_per_s": len(lat) / seconds if seconds else float("nan"),
            "p50_s": q(0.50),
            "p95_s": q(0.95),
            "max_s": lat[-1] if lat else float("nan"),
            "mean_s": statistics.fmean(lat) if lat else float("nan"),
            "errors": len(self.errors),
            "error_samples": self.errors[:5],
            "p50_by_page_s": {k: statistics.median(v) for k, v in sorted(self.by_page.items())},
        }


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds of process ``pid`` (Linux /proc), or of this process."""
    if pid is None:
        import resource

        ru = resource.getrusage(resource.RUSAGE_SELF)
        return ru.ru_utime + ru.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _phase(pid: int, coro_factory) -> tuple[Result, dict[str, float]]:
    """Run one measured phase; return its result and the CPU seconds of server and client."""
    s0, c0, t0 = tree_cpu_seconds(pid), cpu_seconds(), time.perf_counter()
    result = asyncio.run(coro_factory())
    wall = time.perf_counter() - t0
    return result, {
        "wall_s": wall,
        "server_cpu_s": tree_cpu_seconds(pid) - s0,
        "client_cpu_s": cpu_seconds() - c0,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_peak_rss_mb(pid: int) -> float:
    """Sum of the peak resident memory (VmHWM, MiB) of ``pid`` and every live process below it."""
    total = 0.0
    for p in _family(pid):
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
    return total


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of process ``pid`` and every live process below it (the app's workers)."""
    total = 0.0
    for p in _family(pid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += cpu_seconds(p)
    return total


def _family(pid: int) -> set[int]:
    """``pid`` and every live process below it."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    family, grew = {pid}, True
    while grew:
        more = {p for p, pp in parents.items() if pp in family} - family
        family |= more
        grew = bool(more)
    return family


@contextlib.contextmanager
def app_server(port: int, log: Path, workers: int = 1, env: dict[str, str] | None = None):
    """Run ``gvc app`` (``workers`` Streamlit processes) on 127.0.0.1:port; yield when
    /_stcore/health answers; stop it after."""
    cmd = [
        sys.executable,
        "-m",
        "gvc.cli",
        "app",
        "--address",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--",
        "--server.headless",
        "true",
        "--server.enableXsrfProtection",
        "false",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--server.runOnSave",
        "false",
    ]
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True, env=env
        )
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gvc app exited ({proc.returncode}); see {log}")
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                ) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gvc app did not start within 180 s; see {log}")
            time.sleep(0.5)
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)


def _page_cookie(url: str, timeout: float) -> str:
    """GET ``url`` and return its Set-Cookie values as one Cookie header ('' if none)."""
    with urllib.request.urlopen(url, timeout=timeout) as r:
        r.read()
        return "; ".join(c.split(";", 1)[0] for c in r.headers.get_all("Set-Cookie") or [])


class Session:
    """One Streamlit websocket session."""

    def __init__(self, port: int, timeout: float):
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.timeout = timeout
        self.ws = None
        self.pages: list[tuple[str, str]] = []  # (page_script_hash, name)

    async def __aenter__(self) -> Session:
        import websockets

        # like a browser: load the page first (the app's front end answers with the cookie that
        # keeps this session on one worker), then open the websocket with that cookie
        page = self.url.replace("ws://", "http://").replace("/_stcore/stream", "/")
        cookie = await asyncio.to_thread(_page_cookie, page, self.timeout)
        self.ws = await websockets.connect(
            self.url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
            additional_headers={"Cookie": cookie} if cookie else None,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(self, page_hash: str = "") -> tuple[float, list[str]]:
        """Run one page; return (seconds, problems shown on the page)."""
        # the bench is a client of the app, not part of gvc: the protocol classes are needed
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = page_hash
        problems: list[str] = []
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        end_at = time.monotonic() + self.timeout
        while True:
            left = end_at - time.monotonic()
            if left <= 0:
                problems.append(f"timeout after {self.timeout:.0f} s")
                break
            data = await asyncio.wait_for(self.ws.recv(), timeout=left)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "navigation" and not self.pages:
                self.pages = [(p.page_script_hash, p.page_name) for p in fm.navigation.app_pages]
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                which = el.WhichOneof("type")
                if which == "exception":
                    problems.append(f"exception: {el.exception.type}: {el.exception.message}")
                elif which == "alert" and el.alert.format == 1:  # Alert.Format.ERROR
                    problems.append(f"st.error: {el.alert.body[:200]}")
            elif kind == "script_finished":
                status = fm.script_finished
                if status in (0, 3):  # FINISHED_SUCCESSFULLY / FRAGMENT_RUN_SUCCESSFULLY
                    break
                if status == 1:
                    problems.append("compile error")
                    break
                # FINISHED_EARLY_FOR_RERUN: keep waiting for the run we asked for
        return time.perf_counter() - start, problems


async def _session_loop(
    idx: int, port: int, stop_at: float, timeout: float, result: Result, think: float = 0.0
) -> None:
    rng = random.Random(idx)  # fixed seed per session: runs are repeatable
    try:
        async with Session(port, timeout) as s:
            if think:  # sessions arrive spread over the first think period
                await asyncio.sleep(think * rng.random())
            seconds, problems = await s.run("")  # the default page; learns the page list
            pages = s.pages or [("", "default")]
            n = idx
            while time.monotonic() < stop_at:
                page_hash, name = pages[n % len(pages)]
                n += 1
                try:
                    seconds, problems = await s.run(page_hash)
                except TimeoutError:
                    result.errors.append(f"session {idx} {name}: no answer in {timeout} s")
                    return
                result.latencies.append(seconds)
                result.by_page.setdefault(name, []).append(seconds)
                result.errors += [f"session {idx} {name}: {p}" for p in problems]
                if think:  # a user reading the page: uniform in [think/2, 3*think/2]
                    await asyncio.sleep(think * (0.5 + rng.random()))
    except Exception as err:  # any failure of the session is an error of the run
        result.errors.append(f"session {idx}: {type(err).__name__}: {err}")


async def _load(
    port: int, sessions: int, seconds: float, timeout: float, think: float = 0.0
) -> Result:
    result = Result()
    stop_at = time.monotonic() + seconds
    await asyncio.gather(
        *(_session_loop(i, port, stop_at, timeout, result, think) for i in range(sessions))
    )
    return result


async def _warm(port: int, timeout: float, workers: int = 1) -> dict[str, float]:
    """One session per worker loads every page once (cold caches); returns seconds per page
    (the slowest worker's)."""
    runs = await asyncio.gather(*(_warm_one(port, timeout) for _ in range(workers)))
    return {k: max(r.get(k, 0.0) for r in runs) for k in runs[0]}


async def _warm_one(port: int, timeout: float) -> dict[str, float]:
    out = {}
    async with Session(port, timeout) as s:
        seconds, _ = await s.run("")
        for page_hash, name in s.pages:
            seconds, problems = await s.run(page_hash)
            out[name] = seconds
            if problems:
                out[f"{name} problems"] = problems  # type: ignore[assignment]
    return out


def run(
    sessions: int = 20,
    seconds: float = 60.0,
    baseline_seconds: float = 30.0,
    timeout: float = 60.0,
    port: int | None = None,
    think: float = 0.0,
    workers: int | None = None,
) -> dict[str, object]:
    """Start the app, warm it, run the single-session baseline and the load; return figures.

    ``workers`` is passed to ``gvc app --workers`` (default: what ``gvc app`` uses).

    ``think`` is the mean pause (s) of a session between two page runs. 0 (the default) is a
    closed loop: every session asks again as soon as its page is shown (a stress test).
    """
    from gvc.appserver import default_workers

    workers = workers or default_workers()
    port = port or free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"gvc_load_app_{port}.log"
    with app_server(port, log, workers) as proc:
        cold = asyncio.run(_warm(port, timeout * 3, workers))
        res, cpu = _phase(proc.pid, lambda: _load(port, 1, baseline_seconds, timeout))
        base = {**res.summary(1, baseline_seconds), **cpu}
        res, cpu = _phase(proc.pid, lambda: _load(port, sessions, seconds, timeout, think))
        load = {**res.summary(sessions, seconds), **cpu, "think_s": think}
        peak_rss = tree_peak_rss_mb(proc.pid)
    return {
        "workers": workers,
        "server_peak_rss_mib": round(peak_rss),
        "cold_first_load_s": cold,
        "baseline": base,
        "load": load,
        "target_p95_s": TARGET_P95_S,
        "meets_target": load["errors"] == 0 and load["p95_s"] < TARGET_P95_S,
        "server_log": str(log),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--baseline-seconds", type=float, default=30.0)
    ap.add_argument("--timeout", type=float, default=60.0, help="per page run (s)")
    ap.add_argument("--port", type=int)
    ap.add_argument("--workers", type=int, help="app processes (default: as `gvc app`)")
    ap.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause between page runs of a session (s); 0 = closed loop",
    )
    args = ap.parse_args(argv)
    if not 1 <= args.sessions <= 200 or not 1 <= args.seconds <= 3600:
        ap.error("--sessions must be 1-200 and --seconds 1-3600")
    out = run(
        args.sessions,
        args.seconds,
        args.baseline_seconds,
        args.timeout,
        args.port,
        args.think,
        args.workers,
    )
    print(json.dumps(out, indent=1))
    return 0 if out["meets_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
