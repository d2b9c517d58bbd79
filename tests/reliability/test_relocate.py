"""A GVC_HOME moved to another folder keeps its imported datasets.

The manifest stores release folders relative to the imports folder, so the database (rebuilt
automatically because the imports' location is one of its inputs) points at the moved files,
and the garbage collector keeps them. A manifest written with absolute paths (gvc before this
change) is read the same way.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import gvc
from gvc.importers import manifest
from tests.helpers import DATA, baci_csv, private_home

SOURCE = "baci_hs17_V202301"


def _flows(home: Path) -> tuple[int, float]:
    con = gvc.connect(home / "gvc.duckdb", data_dir=DATA)
    try:
        q = "select count(*), sum(value_usd) from trade_flows where source = $s"
        return con.store.cursor().execute(q, {"s": SOURCE}).fetchone()
    finally:
        con.close()


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, tuple[int, float]]:
    """A GVC_HOME with one BACI import, and the imported rows and value (USD)."""
    home = tmp_path_factory.mktemp("home_before_move")
    src = tmp_path_factory.mktemp("baci_file") / "BACI_HS17_Y2020_V202301.csv"
    n, v = baci_csv(src, 2020)
    with private_home(home, build=True):
        con = gvc.connect(home / "gvc.duckdb", data_dir=DATA)
        con.import_file("baci", src)
        con.close()
    return home, (n, v * 1000)


@pytest.mark.parametrize("legacy", [False, True], ids=["relative", "absolute-manifest"])
def test_moved_home_keeps_its_imports(imported, tmp_path, legacy):
    home, (n, usd) = imported
    old = tmp_path / "old"
    shutil.copytree(home, old)  # each case moves its own copy
    data = json.loads((old / "imports/manifest.json").read_text())
    stored = data["entries"][0]["path"]
    assert not Path(stored).is_absolute(), stored  # written relative to the imports folder
    if legacy:  # as gvc wrote it before: absolute paths into the old location
        for e in data["entries"]:
            e["path"] = str(old / "imports" / e["path"])
        (old / "imports/manifest.json").write_text(json.dumps(data))
    with private_home(old):
        assert _flows(old)[0] == n  # rebuilt for the copy's own location
    moved = tmp_path / "elsewhere" / "gvc_home"
    moved.parent.mkdir()
    shutil.move(old, moved)
    assert not old.exists()
    with private_home(moved):
        rows, value = _flows(moved)  # rebuilt again: the imports' location changed
        assert rows == n
        assert value == pytest.approx(usd, rel=1e-12)
        live = manifest.load()
        release = Path(live["entries"][0]["path"])
        assert release.is_dir()
        assert release.is_relative_to(moved / "imports")
        with manifest.lock():
            removed = manifest.collect_garbage(live, min_age_s=0)
        assert release not in removed
        assert release.is_dir()
        assert _flows(moved)[0] == n
