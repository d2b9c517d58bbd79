"""An import never removes data it was not asked to replace (issue 18, items 1 and 10).

- importing another year of a release already imported (``BACI_HS17_Y2020_V202301.csv`` and
  then ``BACI_HS17_Y2021_V202301.csv``) keeps the first year;
- re-importing a year of a release replaces that year only;
- a zip with two members for the same year is refused, naming both, instead of reporting both
  landed and keeping one.

The files are cut from the shipped real BACI HS17 sample (years 2020 and 2021), so the expected
counts and sums are the real file's.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import gvc
from gvc.errors import ImportValidationError
from tests.helpers import DATA, baci_csv

#: These tests need the change described in PATCH_imports.md (gvc/imports.py is owned by the
#: services branch). Remove the mark once it is applied: strict, so they then fail as XPASS.


def _years(home: Path) -> dict[int, tuple[int, float]]:
    con = gvc.connect(home / "gvc.duckdb", data_dir=DATA)
    try:
        rows = (
            con.store.cursor()
            .execute(
                "select year, count(*), sum(value_usd) from trade_flows"
                " where source = 'baci_hs17_V202301' group by 1 order by 1"
            )
            .fetchall()
        )
    finally:
        con.close()
    return {int(y): (int(n), float(v)) for y, n, v in rows}


def test_importing_another_year_of_a_release_keeps_the_first(
    home_copy: Path, tmp_path: Path
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    n20, v20 = baci_csv(a / "BACI_HS17_Y2020_V202301.csv", 2020)
    n21, v21 = baci_csv(b / "BACI_HS17_Y2021_V202301.csv", 2021)
    con = gvc.connect(home_copy / "gvc.duckdb", data_dir=DATA)
    con.import_file("baci", a / "BACI_HS17_Y2020_V202301.csv")
    res = con.import_file("baci", b / "BACI_HS17_Y2021_V202301.csv")  # no replace given
    con.close()
    assert [e["years"] for e in res["entries"]] == [[2021]]
    got = _years(home_copy)
    assert sorted(got) == [2020, 2021]
    assert got[2020][0] == n20
    assert got[2021][0] == n21
    assert got[2020][1] == pytest.approx(v20 * 1000, rel=1e-12)
    assert got[2021][1] == pytest.approx(v21 * 1000, rel=1e-12)
    # the imports list shows both years live (one row per import of the release)
    con = gvc.connect(home_copy / "gvc.duckdb", data_dir=DATA)
    listed = con.imports()
    con.close()
    live = listed[listed["release"] == "V202301"]["active_years"].tolist()
    assert sorted(live) == ["2020", "2021"]


def test_reimporting_one_year_of_a_release_replaces_that_year_only(
    home_copy: Path, tmp_path: Path
) -> None:
    rel = tmp_path / "rel"
    rel.mkdir()
    n20, _ = baci_csv(rel / "BACI_HS17_Y2020_V202301.csv", 2020)
    n21, _ = baci_csv(rel / "BACI_HS17_Y2021_V202301.csv", 2021)
    con = gvc.connect(home_copy / "gvc.duckdb", data_dir=DATA)
    con.import_file("baci", rel)  # the folder: both years
    again = tmp_path / "again"
    again.mkdir()
    # 2020 again, South Africa's exports only: 2020 is replaced, 2021 stays
    n_zaf, v_zaf = baci_csv(again / "BACI_HS17_Y2020_V202301.csv", 2020, "i = 710")
    con.import_file("baci", again / "BACI_HS17_Y2020_V202301.csv")
    con.close()
    got = _years(home_copy)
    assert 0 < n_zaf < n20
    assert got[2020][0] == n_zaf
    assert got[2020][1] == pytest.approx(v_zaf * 1000, rel=1e-12)
    assert got[2021][0] == n21


def test_zip_with_two_members_for_one_year_is_refused(home_copy: Path, tmp_path: Path) -> None:
    a = tmp_path / "BACI_HS17_Y2020_V202301.csv"
    baci_csv(a, 2020, "i = 4")
    b = tmp_path / "zaf.csv"
    baci_csv(b, 2020, "i = 710")
    zpath = tmp_path / "BACI_HS17_V202301.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.write(a, "afg/BACI_HS17_Y2020_V202301.csv")
        zf.write(b, "zaf/BACI_HS17_Y2020_V202301.csv")
    con = gvc.connect(home_copy / "gvc.duckdb", data_dir=DATA)
    before = _years(home_copy)
    with pytest.raises(ImportValidationError, match="two files for 2020") as err:
        con.import_file("baci", zpath)
    con.close()
    assert "afg/BACI_HS17_Y2020_V202301.csv" in str(err.value)
    assert "zaf/BACI_HS17_Y2020_V202301.csv" in str(err.value)
    assert _years(home_copy) == before  # nothing changed


def test_replacing_a_release_keeps_the_old_folder_while_a_reader_has_it(
    home_copy: Path, tmp_path: Path
) -> None:
    """Issue 18 item 6: re-importing a release removed the old folder under an open reader.

    Garbage collection judged age by the folder's creation time, so a folder made long ago was
    deleted the moment it was replaced, and a ``Gvc`` still on the old snapshot got a raw DuckDB
    IOException. Now the age counts from the replacement and an open snapshot's lease keeps the
    folder until it is closed.
    """
    import os
    import time

    from gvc import config
    from gvc.importers import manifest

    src = tmp_path / "a"
    src.mkdir()
    n20, v20 = baci_csv(src / "BACI_HS17_Y2020_V202301.csv", 2020)
    con = gvc.connect(home_copy / "gvc.duckdb", data_dir=DATA)
    con.import_file("baci", src / "BACI_HS17_Y2020_V202301.csv")
    con.close()
    reader = gvc.connect(home_copy / "gvc.duckdb", data_dir=DATA)  # the snapshot with folder 1
    first = Path(manifest.load()["entries"][-1]["path"])
    day_ago = time.time() - 86_400
    os.utime(first, (day_ago, day_ago))  # a folder made long ago
    sql = "select count(*), sum(value_usd) from trade_flows where source = 'baci_hs17_V202301'"
    try:
        writer = gvc.connect(home_copy / "gvc.duckdb", data_dir=DATA)
        writer.import_file("baci", src / "BACI_HS17_Y2020_V202301.csv", replace=True)
        writer.close()
        live = manifest.load()
        assert Path(live["entries"][-1]["path"]) != first
        assert first.is_dir()  # replaced a moment ago: kept, whatever its creation time
        # even with no age at all, the reader's lease keeps it
        with manifest.lock():
            assert first not in manifest.collect_garbage(live, min_age_s=0)
        assert first.is_dir()
        n, v = reader.store.cursor().execute(sql).fetchone()
        assert (int(n), float(v)) == (n20, pytest.approx(v20 * 1000, rel=1e-12))
    finally:
        reader.close()
    with manifest.lock():
        removed = manifest.collect_garbage(manifest.load(), min_age_s=0)
    assert first in removed
    assert not first.exists()
    assert config.imports_dir() in first.parents
