"""The built wheel works outside the checkout: API, CLI and app on the embedded data (issue 13).

Modelled on harlequin's test_packaging.py: build the sdist and, from it, the wheel
(``python -m build``), install the wheel into a fresh virtual environment with the test
constraints (pip's cache makes this quick), then run everything from a temporary folder that is
not the checkout, with no ``GVC_*`` variable pointing back into it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO, wait_healthy

pytestmark = pytest.mark.slow

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that points gvc (or Python) back at the checkout."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GVC_") and k not in ("PYTHONPATH", "VIRTUAL_ENV", "XDG_DATA_HOME")
    }
    return {**env, **extra}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel built from it."""
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)], REPO, _clean_env())
    wheels = list(out.glob("gvc-*.whl"))
    sdists = list(out.glob("gvc-*.tar.gz"))
    assert len(wheels) == 1, wheels
    assert len(sdists) == 1, sdists
    return {"wheel": wheels[0], "sdist": sdists[0]}


@pytest.fixture(scope="module")
def venv(dist: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with only the wheel (and its pinned dependencies)."""
    root = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", str(root)], root, _clean_env())
    bindir = root / ("Scripts" if os.name == "nt" else "bin")
    _run(
        [str(bindir / "python"), "-m", "pip", "install", "--quiet", str(dist["wheel"]),
         "-c", str(REPO / "constraints" / "test.txt")],
        root,
        _clean_env(),
    )
    return bindir


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder outside the checkout."""
    path = tmp_path_factory.mktemp("elsewhere")
    assert REPO not in path.resolve().parents
    return path


def test_wheel_carries_the_whole_data_folder_and_the_app(dist: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(dist["wheel"]).namelist())
    data_files = {
        "gvc/_data/" + p.relative_to(REPO / "data").as_posix()
        for p in (REPO / "data").rglob("*")
        if p.is_file()
    }
    assert len(data_files) > 40  # the embedded dataset (BACI/Atlas samples, HS, IO, concordances)
    assert data_files - names == set()
    for name in ("gvc/_app/app.py", "gvc/_app/.streamlit/config.toml", "gvc/py.typed",
                 "gvc/_app/static/geo/world_countries_110m.topojson", "gvc/sql"):
        assert name in names or any(n.startswith(name + "/") for n in names), name
    pages = {p.name for p in (REPO / "app_pages").glob("*.py")}
    assert {n.rsplit("/", 1)[1] for n in names if n.startswith("gvc/_app/app_pages/")} >= pages
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if n.endswith(".duckdb")]


def test_sdist_has_the_checkout_layout(dist: dict[str, Path]) -> None:
    import tarfile

    with tarfile.open(dist["sdist"]) as tar:
        top = {Path(m.name).parts[1] for m in tar.getmembers() if len(Path(m.name).parts) > 1}
    assert {"gvc", "data", "app.py", "app_pages", "static", ".streamlit", "pyproject.toml",
            "constraints", "tests"} <= top
    assert not top & {".venv", ".gvc-home", "dist"}


def test_version_is_the_metadata_version(venv: Path, elsewhere: Path) -> None:
    env = _clean_env(GVC_HOME=str(elsewhere / "home"))
    assert _run([str(venv / "gvc"), "--version"], elsewhere, env).strip() == f"gvc {VERSION}"
    code = "import gvc, importlib.metadata as m; print(gvc.__version__, m.version('gvc'))"
    assert _run([str(venv / "python"), "-c", code], elsewhere, env).split() == [VERSION, VERSION]


def test_cli_build_and_info_on_the_embedded_data(venv: Path, elsewhere: Path, con) -> None:
    env = _clean_env(GVC_HOME=str(elsewhere / "home"))
    out = _run([str(venv / "gvc"), "build"], elsewhere, env)
    assert out.startswith("built ")
    assert str(elsewhere / "home" / "gvc.duckdb") in out
    assert "up to date" in _run([str(venv / "gvc"), "build"], elsewhere, env)
    info = json.loads(_run([str(venv / "gvc"), "info", "--json"], elsewhere, env))
    rows = {d["table_name"]: d["rows"] for d in info["datasets"]}
    # the same tables with the same row counts as the checkout's build of data/
    expected = dict(zip(con.datasets().table_name, con.datasets().rows, strict=True))
    assert rows == expected
    assert rows["exports"] > 100_000


def test_api_from_the_installed_package(venv: Path, elsewhere: Path, con) -> None:
    env = _clean_env(GVC_HOME=str(elsewhere / "home_api"))
    code = (
        "import json, gvc, gvc.config as c; con = gvc.connect(); ds = con.datasets();"
        "x = con.products('0901', level=6);"
        "print(json.dumps({'file': gvc.__file__, 'data': str(c.data_dir()),"
        " 'app': str(c.app_dir()), 'n': len(ds), 'coffee': sorted(x['code'])}))"
    )
    got = json.loads(_run([str(venv / "python"), "-c", code], elsewhere, env))
    site = venv.parent.resolve()
    assert Path(got["file"]).resolve().is_relative_to(site)
    assert Path(got["data"]).resolve().is_relative_to(site)
    assert Path(got["data"]).name == "_data"
    assert Path(got["app"]).resolve().is_relative_to(site)
    assert (Path(got["app"]) / "app.py").is_file()
    assert got["n"] == len(con.datasets())
    # HS92 heading 0901 (coffee) has six subheadings: 090111/12/21/22, husks 090130, substitutes
    # 090140 (HS96 merged the last two into 090190)
    assert got["coffee"] == sorted(con.products("0901", level=6)["code"])
    assert got["coffee"] == ["090111", "090112", "090121", "090122", "090130", "090140"]


def test_default_home_is_the_platform_user_data_folder(venv: Path, elsewhere: Path) -> None:
    user = elsewhere / "user"
    env = _clean_env(HOME=str(user), USERPROFILE=str(user), LOCALAPPDATA=str(user / "AppData"))
    _run([str(venv / "gvc"), "build"], elsewhere, env)
    if sys.platform.startswith("linux"):
        assert (user / ".local" / "share" / "gvc" / "gvc.duckdb").is_file()
    assert not list(elsewhere.glob("*.duckdb"))


@pytest.fixture
def app_server(venv: Path, elsewhere: Path) -> Iterator[str]:
    from gvc.appserver import free_port

    port = free_port()
    env = _clean_env(GVC_HOME=str(elsewhere / "home"))
    log = elsewhere / "app.log"
    cmd = [str(venv / "gvc"), "app", "--workers", "1", "--port", str(port),
           "--address", "127.0.0.1"]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=elsewhere, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, "gvc app", 120, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_app_serves_from_the_installed_package(app_server: str) -> None:
    with urllib.request.urlopen(f"{app_server}/_stcore/health", timeout=10) as r:
        assert r.status == 200
        assert r.read().decode().strip() == "ok"
    # the package's .streamlit/config.toml was read (static serving on) and static/ is there
    url = f"{app_server}/app/static/geo/WORLD_ATLAS_LICENSE.txt"
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.status == 200
        assert r.read() == (REPO / "static/geo/WORLD_ATLAS_LICENSE.txt").read_bytes()
