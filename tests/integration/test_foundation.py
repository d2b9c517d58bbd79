"""The database build, the canonical tables and the core API on the real embedded data."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

import gvc
from gvc import build as build_mod
from gvc.errors import DataNotFoundError, InvalidInputError, UnknownCodeError
from tests.helpers import DATA, table_checksums

INJECTION = "IDN'; DROP TABLE exports;--"


def test_atlas_2016_coverage(con):
    cov = con.coverage()["exports"].set_index("source")
    atlas = cov.loc["atlas_hs92_2016"]
    assert atlas["exporters"] == 234
    assert atlas["products"] == 1239
    # SOURCES.md: world total 16.17 trillion USD.
    assert atlas["total_usd"] == pytest.approx(16.17e12, rel=5e-4)


def test_wiod_and_hs_coverage(con):
    io = con.coverage()["io_tables"].set_index("io_table").loc["wiod2013"]
    assert (io["regions"], io["sectors"], io["first_year"], io["last_year"]) == (41, 35, 1995, 2011)
    hs = con.coverage()["hs_codes"].set_index(["hs_revision", "level"])["codes"]
    assert hs[("HS22", 6)] >= 5600
    assert hs[("HS17", 6)] == 5388


def test_hs_codes_keep_leading_zeros(con):
    cur = con.store.cursor()
    for table, col in [("products", "code"), ("exports", "product"), ("trade_flows", "product"),
                       ("conc_hs_isic3", "hs6"), ("hs_vintage_links", "from_code")]:
        bad = cur.execute(
            f"select count(*) from {table} where {col} <> '5209|5211' and "
            f"(not regexp_full_match({col}, '[0-9]+') or length({col}) not in (2, 4, 6))"
        ).fetchone()[0]
        assert bad == 0, table
    live_horses = con.products("0101", revision="HS17", level=6)
    assert "010121" in set(live_horses["code"])


def test_country_codes_are_iso3(con):
    cur = con.store.cursor()
    for table, col in [("exports", "exporter"), ("trade_flows", "exporter"),
                       ("trade_flows", "importer"), ("distances", "origin")]:
        bad = cur.execute(
            f"select count(*) from {table} where not regexp_full_match({col}, '[A-Z]{{3}}')"
        ).fetchone()[0]
        assert bad == 0, (table, col)
    # CEPII legacy codes are mapped: Romania is ROU, never ROM.
    assert cur.execute("select count(*) from distances where origin = 'ROM'").fetchone()[0] == 0
    assert cur.execute("select count(*) from distances where origin = 'ROU'").fetchone()[0] == 224


def test_source_figures_survive_ingest(con):
    """Figures stated in data/SOURCES.md, recomputed from the canonical tables."""
    cur = con.store.cursor()
    idn = cur.execute(
        "select year, sum(value_usd) from exports where source = 'baci_hs92_hs2' and exporter = 'IDN'"
        " group by year order by year"
    ).fetchall()
    assert dict(idn)[2011] == pytest.approx(223.8e9, rel=1e-3)
    assert dict(idn)[2020] == pytest.approx(178.0e9, rel=1e-3)
    bps = cur.execute(
        "select year, sum(value_usd) from trade_flows where source = 'bps_exim_agrifood'"
        " group by year order by year"
    ).fetchall()
    assert [round(v / 1e9, 2) for _, v in bps] == [47.91, 49.41, 59.03]
    coffee = cur.execute(
        "select sum(value_usd) from trade_flows where source = 'comtrade_coffee' and year = 2015"
        " and exporter = 'IDN' and importer = 'USA'"
    ).fetchone()[0]
    assert coffee == pytest.approx(281e6, rel=5e-3)
    pop = cur.execute(
        "select value from wdi where iso3 = 'IDN' and indicator = 'SP.POP.TOTL' and year = 2016"
    ).fetchone()[0]
    assert pop == 264_627_418
    dist = cur.execute(
        "select dist from distances where origin = 'IDN' and destination = 'JPN'").fetchone()[0]
    assert dist == pytest.approx(5791.627)
    n_req = cur.execute("select count(*) from market_requirements").fetchone()[0]
    assert n_req == 54


def test_baci_sample_keeps_every_flow(con):
    """Italy (BACI 381) and Taiwan (490) flows are mapped, not dropped."""
    raw = pd.read_parquet(DATA / "trade_flows/baci_hs17_V202301_partial_exports_AFG_ZAF_2020_2021.parquet")
    flows = con.trade_flows(source="baci_hs17_sample")
    assert len(flows) == len(raw)
    assert flows["value_usd"].sum() == pytest.approx(raw["v"].sum() * 1000)
    assert (flows["importer"] == "ITA").any()


def test_wiod_balanced_output_close_to_published(con):
    diff = con.store.cursor().execute(
        """
        with s as (
            select year, from_region as region, from_sector as sector, sum(value) as v
            from (select year, from_region, from_sector, value from io_intermediate
                  where io_table = 'wiod2013'
                  union all select year, from_region, from_sector, value from io_final
                  where io_table = 'wiod2013')
            group by all)
        select max(abs(s.v - o.value)) from s join io_output o using (year, region, sector)
        where o.io_table = 'wiod2013'
        """
    ).fetchone()[0]
    assert 0 < diff <= 113  # SOURCES.md: within 113 million USD


def test_datasets_lists_every_canonical_table(con):
    ds = con.datasets()
    assert {"exports", "trade_flows", "io_intermediate", "products", "wdi", "weo", "distances",
            "tariffs_mfn", "market_requirements", "msme_imk_province",
            "jabar_umkm"} <= set(ds["table_name"])
    assert (ds["rows"] > 0).all()


def test_products_search(con):
    by_words = con.products("roasted coffee", revision="HS92", level=6)
    assert set(by_words["code"]) >= {"090121", "090122"}
    by_code = con.products("09 01", revision="HS22")
    assert by_code["code"].str.startswith("0901").all()
    assert len(by_code) == 6


def test_exports_filters(con):
    idn = con.exports(year=2016, exporter="idn", source="atlas_hs92_2016")
    assert len(idn) > 1000
    assert (idn["exporter"] == "IDN").all()
    palm = con.exports(year=2016, exporter="IDN", product="1511")
    assert palm["value_usd"].iloc[0] > 1e9


def test_io_table_blocks(con):
    inter = con.io_table("wiod2013", 2011)
    assert inter["value"].sum() > 0
    out = con.io_table("wiod2013", 2011, block="output")
    assert len(out) == 41 * 35


def test_unknown_country_suggests_close_match(con):
    with pytest.raises(UnknownCodeError, match=r"'IDX' is not a known ISO3 code; did you mean 'IDN'"):
        con.exports(exporter="IDX")
    with pytest.raises(UnknownCodeError, match="did you mean 'IDN'"):
        con.exports(exporter="Indonesia")


def test_integer_hs_code_is_refused(con):
    with pytest.raises(InvalidInputError, match=r"leading zeros.*10121"):
        con.exports(product=10121)
    with pytest.raises(InvalidInputError, match="HS code of 2, 4 or 6 digits"):
        con.exports(product="10121")


def test_year_not_loaded(con):
    with pytest.raises(DataNotFoundError, match=r"1990 is not loaded in exports \(loaded: 2011-2020\)"):
        con.exports(year=1990)
    with pytest.raises(DataNotFoundError, match="2015 is not loaded for IO table 'wiod2013'"):
        con.io_table("wiod2013", 2015)
    with pytest.raises(InvalidInputError, match="whole number"):
        con.exports(year="2016x")


def test_injection_strings_change_nothing(con):
    before = table_checksums(con.path)
    attempts = [
        lambda: con.exports(exporter=INJECTION),
        lambda: con.exports(product=INJECTION),
        lambda: con.exports(revision=INJECTION),
        lambda: con.exports(source=INJECTION),
        lambda: con.trade_flows(importer=INJECTION),
        lambda: con.io_table(INJECTION, 2011),
        lambda: con.io_table("wiod2013", 2011, block=INJECTION),
        lambda: con.products(INJECTION, revision=INJECTION),
    ]
    for attempt in attempts:
        with pytest.raises(gvc.GvcError):
            attempt()
    # A search string is data, bound as a parameter: it just matches nothing.
    assert con.products(INJECTION).empty
    assert table_checksums(con.path) == before


def test_build_is_idempotent_and_atomic(tmp_path):
    db = tmp_path / "g.duckdb"
    first = build_mod.build(db, DATA)
    assert first["built"]
    assert first["seconds"] < 30
    sums = table_checksums(db)
    again = build_mod.build(db, DATA)
    assert not again["built"]
    forced = build_mod.build(db, DATA, force=True)
    assert forced["built"]
    assert table_checksums(db) == sums
    assert not list(tmp_path.glob(".*.tmp*"))


def test_failed_build_keeps_previous_database(tmp_path, monkeypatch):
    db = tmp_path / "g.duckdb"
    build_mod.build(db, DATA)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()

    def broken(con, d):
        raise RuntimeError("simulated failure in the middle of a build")

    from gvc import catalog

    monkeypatch.setattr(catalog, "LOADERS", (*catalog.LOADERS[:3], broken))
    with pytest.raises(RuntimeError, match="simulated failure"):
        build_mod.build(db, DATA, force=True)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert not list(tmp_path.glob(".*.tmp*"))


def test_killed_build_keeps_previous_database(tmp_path):
    """kill -9 in the middle of a build: the old file is intact, the next build cleans up."""
    db = tmp_path / "g.duckdb"
    build_mod.build(db, DATA)
    sums = table_checksums(db)
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from gvc import build, catalog\n"
        "def die(con, d):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "catalog.LOADERS = (*catalog.LOADERS[:5], die)\n"
        f"build.build(Path({str(db)!r}), Path({str(DATA)!r}), force=True)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -9
    assert list(tmp_path.glob(".*.tmp*"))  # the killed build's temporary file is left behind
    assert table_checksums(db) == sums
    gvc.connect(db, data_dir=DATA).close()  # opens the intact old snapshot
    build_mod.build(db, DATA, force=True)
    assert not list(tmp_path.glob(".*.tmp*"))


def test_connect_without_build_needs_database(tmp_path):
    with pytest.raises(DataNotFoundError, match="run 'gvc build' first"):
        gvc.connect(tmp_path / "missing.duckdb", build=False)


def test_database_is_read_only(con):
    with pytest.raises(duckdb.Error):
        con.store.cursor().execute("drop table exports")


def test_package_does_not_import_streamlit():
    code = "import gvc, gvc.cli, sys; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ})


def test_new_snapshot_is_seen_while_an_old_reader_is_open(tmp_path, monkeypatch):
    """Readers keep their snapshot; a new connection sees the rebuilt file (same process)."""
    db = tmp_path / "g.duckdb"
    build_mod.build(db, DATA)
    old = gvc.connect(db, data_dir=DATA, build=False)

    def marker(con, d):
        con.execute("create table marker as select 42 as answer")

    from gvc import catalog

    monkeypatch.setattr(catalog, "LOADERS", (*catalog.LOADERS, marker))
    build_mod.build(db, DATA, force=True)
    new = old.reopen()
    assert new.store.cursor().execute("select answer from marker").fetchone()[0] == 42
    with pytest.raises(duckdb.CatalogException):
        old.store.cursor().execute("select answer from marker")
    assert old.exports(year=2016, exporter="IDN").shape == new.exports(year=2016, exporter="IDN").shape
    old.close()
    new.close()


def test_cache_kind_cannot_name_a_path(con):
    with pytest.raises(InvalidInputError, match="cache kind"):
        con.store.cached_frame("../../etc", {}, lambda: pd.DataFrame({"a": [1]}))


def test_a_rebuild_for_new_imports_starts_from_the_embedded_snapshot(tmp_path, monkeypatch):
    # an import changes only the manifest (extra_inputs): the rebuild copies the snapshot of
    # the embedded tables instead of loading data/ again, and gives the same tables
    from gvc import catalog

    db = tmp_path / "g.duckdb"
    build_mod.build(db, DATA)
    base = build_mod.base_path(db)
    assert base.is_file()
    sums = table_checksums(db)
    calls: list[str] = []

    def counted(loader):
        def run(con, d):
            calls.append(getattr(loader, "__name__", "loader"))
            return loader(con, d)

        return run

    monkeypatch.setattr(catalog, "LOADERS", tuple(counted(f) for f in catalog.LOADERS))
    monkeypatch.setattr(build_mod, "extra_inputs", lambda: {"imports": ["a new release"]})
    again = build_mod.build(db, DATA)
    assert again["built"]
    assert calls == []  # nothing loaded from data/
    assert table_checksums(db) == sums
    # a snapshot of other data (or code) is not used: the data is loaded again
    con = duckdb.connect(str(base))
    con.execute("update gvc_base set fingerprint = 'other data'")
    con.close()
    monkeypatch.setattr(build_mod, "extra_inputs", lambda: {"imports": ["another release"]})
    assert build_mod.build(db, DATA)["built"]
    assert len(calls) == len(catalog.LOADERS)
    assert table_checksums(db) == sums
    assert build_mod._base_fingerprint(base) == build_mod.fingerprint(DATA)  # renewed
    assert not list(tmp_path.glob(".*.tmp*"))
    assert not list(tmp_path.glob(".*.part"))
