"""Start-up stays light: what ``import gvc``, ``gvc --help`` and ``gvc info`` load.

The exact times are in ``bench/bench_startup.py``; here the structure that makes them fast is
asserted (which libraries a fresh interpreter has loaded), with one generous wall-clock bound.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

HEAVY = ("pandas", "numpy", "duckdb", "scipy", "networkx", "pyarrow")


def _loaded(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json\n"
         "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))"],
        capture_output=True, text=True, check=True,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_import_gvc_loads_no_heavy_library() -> None:
    mods = _loaded("import gvc")
    assert not mods & set(HEAVY), sorted(mods & set(HEAVY))
    # the API is one attribute away
    assert "pandas" in _loaded("import gvc\ngvc.connect")


def test_cli_parser_loads_no_heavy_library() -> None:
    mods = _loaded("from gvc.cli import build_parser\nbuild_parser().format_help()")
    assert not mods & set(HEAVY), sorted(mods & set(HEAVY))


def test_info_loads_neither_pandas_nor_scipy(con) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from gvc.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--db', {str(con.path)!r}, 'info'])\n"
    )
    mods = _loaded(code)
    assert "duckdb" in mods
    assert not mods & {"pandas", "scipy", "networkx"}, sorted(mods & {"pandas", "scipy"})
    # --json and --product go through the API (pandas), and neither needs SciPy
    mods = _loaded(code.replace("'info'", "'info', '--product', '9403'"))
    assert "pandas" in mods
    assert not mods & {"scipy", "networkx"}, sorted(mods & {"scipy", "networkx"})


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_is_quick(args: list[str]) -> None:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "gvc.cli", *args], capture_output=True, text=True)
    took = time.perf_counter() - start
    assert out.returncode == 0
    assert "gvc" in out.stdout
    assert took < 3.0  # generous: a loaded CI machine; the bench has the exact figure
