"""The gvc command line on the real embedded data."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from gvc.cli import main

INJECTION = "IDN'; DROP TABLE exports;--"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_info_json(con, capsys):
    code, out, _ = run(capsys, "--db", str(con.path), "info", "--json")
    assert code == 0
    payload = json.loads(out)
    names = {d["name"]: d for d in payload["datasets"]}
    assert names["Atlas HS92 exports 2016"]["rows"] == 162_910
    atlas = next(r for r in payload["coverage"]["exports"] if r["source"] == "atlas_hs92_2016")
    assert atlas["exporters"] == 234
    assert atlas["total_usd"] / 1e12 == pytest.approx(16.17, abs=0.01)
    io = {r["io_table"]: r for r in payload["coverage"]["io_tables"]}
    wiod, icio = io["wiod2013"], io["icio2025"]
    assert (wiod["regions"], wiod["sectors"], wiod["first_year"], wiod["last_year"]) == (
        41, 35, 1995, 2011)
    assert (icio["regions"], icio["sectors"], icio["first_year"], icio["last_year"]) == (
        80, 50, 2022, 2022)
    hs22 = [r for r in payload["coverage"]["hs_codes"] if r["hs_revision"] == "HS22" and r["level"] == 6]
    assert hs22[0]["codes"] >= 5600


def test_products_to_file(con, capsys, tmp_path):
    out_file = tmp_path / "coffee.csv"
    code, _, _ = run(capsys, "--db", str(con.path), "products", "coffee", "--level", "6",
                       "--out", str(out_file))
    assert code == 0
    df = pd.read_csv(out_file, dtype=str)
    assert "090111" in set(df["code"])


def test_user_errors_are_one_line(con, capsys):
    code, _, err = run(capsys, "--db", str(con.path), "products", INJECTION)
    assert code == 2
    assert err.startswith("gvc: error: ")
    assert err.count("\n") == 1
    code, _, err = run(capsys, "--db", str(con.path), "products", "coffee", "--revision", INJECTION)
    assert code == 2
    assert "HS revision" in err
    code, _, err = run(capsys, "--db", str(con.path), "products", "coffee", "--out", "x.docx")
    assert code == 2
    assert "--out" in err


def test_build_reports_up_to_date(con, capsys):
    code, out, _ = run(capsys, "--db", str(con.path), "build")
    assert code == 0
    assert "up to date" in out


def test_console_script_no_traceback(con):
    proc = subprocess.run(
        [sys.executable, "-m", "gvc.cli", "--db", str(con.path), "products", INJECTION],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("gvc: error:")


def test_import_clusters_alias_validates_a_registry(con, capsys, tmp_path):
    from gvc import clusters_registry

    reg = tmp_path / "mine.csv"
    reg.write_bytes(clusters_registry.template_bytes("csv"))
    code, out, _ = run(capsys, "--db", str(con.path), "import", "clusters", str(reg), "--check")
    assert code == 0
    assert "valid: 1 cluster(s) in registry 'mine'" in out
    reg.write_text("cluster_id,name\nx,y\n")
    code, _, err = run(capsys, "--db", str(con.path), "import", "clusters", str(reg), "--check")
    assert code == 2
    assert "mine.csv" in err


def test_bad_out_suffix_is_refused_before_computing(con, capsys):
    code, _, err = run(capsys, "--db", str(con.path), "opportunities", "--cluster",
                       "jabar-3205-batik", "--out", "bad.txt")
    assert code == 2
    assert "'--out' must end in one of" in err


def test_info_json_is_stable_from_call_to_call(con, capsys):
    """Issue 18 item 10: machine-readable output lists its rows in one order every time."""
    outs = []
    for _ in range(3):
        code, out, _ = run(capsys, "--db", str(con.path), "info", "--json")
        assert code == 0
        outs.append(out)
    assert outs[0] == outs[1] == outs[2]
    cov = json.loads(outs[0])["coverage"]
    for part, key in (("trade_flows", ("source", "hs_revision")), ("exports", ("source", "level"))):
        keys = [tuple(r[k] for k in key) for r in cov[part]]
        assert keys == sorted(keys), part
