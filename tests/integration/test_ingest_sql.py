"""Ingest SQL lives in ``gvc/sql/ingest/<canonical_table>.sql``, one file per table, with every
data file and constant bound as a parameter; the build fingerprint hashes those files."""

from __future__ import annotations

import ast
import inspect
import shutil
from pathlib import Path

import duckdb
import pytest

from gvc import build as build_mod
from gvc import catalog
from gvc.errors import DatabaseError
from tests.helpers import DATA


def test_one_sql_file_per_canonical_table_and_no_file_unused():
    tables = [i.table for i in catalog.INGESTS]
    assert len(tables) == len(set(tables))
    files = {p.stem for p in catalog.ingest_files()}
    assert files == {*tables, "datasets"}
    for ing in catalog.INGESTS:
        code = [catalog._strip_comments(s).strip().lower() for s in catalog.statements(ing.table)]
        creates = [s for s in code if s.startswith(("create table", "create view"))]
        # the file creates exactly its own table (later statements may only insert into it or
        # update it)
        assert len(creates) == 1, ing.table
        assert creates[0].split()[2] == ing.table, ing.table
        assert all(s.startswith((f"insert into {ing.table}", f"update {ing.table} "))
                   for s in code if s not in creates), ing.table
    # every file a loader names exists in the data folder
    for ing in catalog.INGESTS:
        for rel in ing.files.values():
            assert (DATA / rel).is_file(), rel


def test_catalog_module_holds_no_sql_text():
    tree = ast.parse(inspect.getsource(catalog))
    texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
             and isinstance(n.value, str)]
    for t in texts:
        low = t.lower()
        assert not any(k in low for k in ("create table", "insert into", "select ", "read_csv(")), t


def test_every_parameter_of_an_ingest_file_is_bound_and_paths_are_parameters():
    for ing in catalog.INGESTS:
        for sql in catalog.statements(ing.table):
            code = catalog._strip_comments(sql)
            names = set(catalog._PARAM.findall(code))
            assert names <= set(ing.files) | set(catalog.PARAMETERS), (ing.table, names)
            assert "'data/" not in code
            assert ".csv'" not in code
            assert ".parquet'" not in code


def test_a_missing_parameter_or_file_is_a_clear_error(tmp_path, monkeypatch):
    con = duckdb.connect()
    with pytest.raises(DatabaseError, match="embedded data file missing"):
        catalog.run_ingest(con, "hs_sections", tmp_path, {"sections": "nope.csv"})
    folder = tmp_path / "ingest"
    folder.mkdir()
    (folder / "demo.sql").write_text("create table demo as select $nothing as x;\n")
    monkeypatch.setattr(catalog, "INGEST_DIR", folder)
    with pytest.raises(DatabaseError, match=r"demo.sql: no value for parameter\(s\) \['nothing'\]"):
        catalog.run_ingest(con, "demo", tmp_path, {})
    with pytest.raises(DatabaseError, match="no ingest SQL file for table 'absent'"):
        catalog.run_ingest(con, "absent", tmp_path, {})


def test_the_fingerprint_hashes_the_ingest_sql(tmp_path, monkeypatch):
    before = build_mod.fingerprint(DATA)
    copy = tmp_path / "ingest"
    shutil.copytree(catalog.INGEST_DIR, copy)
    monkeypatch.setattr(catalog, "INGEST_DIR", copy)
    assert build_mod.fingerprint(DATA) == before  # same text, same fingerprint
    target: Path = copy / "tariffs_mfn.sql"
    target.write_text(target.read_text().replace("'EUN'", "'EUN' "))
    assert build_mod.fingerprint(DATA) != before


def test_statements_split_only_at_a_semicolon_ending_a_line():
    stmts = [catalog._strip_comments(s).strip() for s in catalog.statements("countries")]
    assert len(stmts) == 3
    assert stmts[0].startswith("create table countries as")
    assert stmts[1].startswith("insert into countries")
    assert stmts[2].startswith("update countries set iso2")
    assert all(not s.endswith(";") for s in stmts)
