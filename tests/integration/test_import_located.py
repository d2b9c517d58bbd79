"""The located explain pass (large files) reports exactly what the streaming one does.

A file that fails the fast pass is explained again. Large files (``explain.LOCATED_MIN_BYTES``)
are classified in parallel and only the rows that need a line number (rejected rows, duplicate
keys) are matched to the file's lines; small files stream single-threaded with a row number.
Here the threshold is moved so that both passes run on the same files, cut from the shipped
real BACI HS17 sample, and everything a user sees is compared: the error message (counts,
first lines, sample), the quarantine report, the rejects file and the rows landed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from gvc.errors import ImportValidationError
from gvc.importers import baci, explain, validation
from tests.helpers import DATA, baci_csv

CODES = DATA / "trade_flows/baci_country_codes_V202301.csv"
NAME = "BACI_HS17_Y2020_V202301.csv"


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The 2020 data lines of the real sample (k without its leading zero)."""
    path = tmp_path_factory.mktemp("located") / NAME
    baci_csv(path, 2020)
    lines = path.read_text().splitlines()
    assert lines[0] == "t,i,j,k,v,q"
    assert len(lines) > 2000
    return lines[1:]


def _write(path: Path, lines: list[str], crlf: bool = False, bom: bool = False) -> Path:
    end = "\r\n" if crlf else "\n"
    text = ("\ufeff" if bom else "") + "t,i,j,k,v,q" + end + end.join(lines) + end
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _run(path: Path, out: Path, located: bool, quarantine: bool,
         monkeypatch: pytest.MonkeyPatch) -> tuple[str, object]:
    """Convert with one explain pass forced; return ('error', message) or ('ok', outputs)."""
    monkeypatch.setattr(explain, "LOCATED_MIN_BYTES", 0 if located else 1 << 62)
    con = duckdb.connect()
    lut = baci.country_lut(con, CODES, [])
    rejects = out.parent / f"{out.name}.rejects.csv"
    try:
        rep = validation.convert(con, baci.spec(2020, lut), path, out, rejects, quarantine, NAME)
    except ImportValidationError as err:
        return "error", str(err)
    landed = duckdb.execute(
        "select exporter, importer, product, value_usd, quantity from read_parquet($g,"
        " hive_partitioning = true) order by all",
        {"g": str(out / "**" / "*.parquet")},
    ).fetchall()
    rej = rejects.read_text() if rep.rejects_file else ""
    return "ok", (rep.rows_read, rep.rows_written, rep.rejected, rep.skipped, rej, landed)


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count how often the located pass answered and how often it handed over to streaming."""
    calls = {"located": 0, "fell_back": 0}
    real = explain.located

    def spy(*args: object, **kwargs: object) -> object:
        try:
            res = real(*args, **kwargs)  # type: ignore[arg-type]
        except ImportValidationError:  # it answered: the rows are rejected
            calls["located"] += 1
            raise
        calls["located" if res is not None else "fell_back"] += 1
        return res

    monkeypatch.setattr(explain, "located", spy)
    return calls


def _broken() -> dict[str, Callable[[list[str]], list[str]]]:
    return {
        "one bad value at the end": lambda r: [*r, "2020,4,4,999999,         abc,          NA"],
        "reasons at several lines": lambda r: [
            *r[:10], "2020,4,36,80212,-5,1", *r[10:500], "2020,4,999,80212,5,1",
            *r[500:900], "2019,4,36,80212,5,1", "2020,4,36,8021X,5,1", *r[900:],
        ],
        "a duplicate key far apart": lambda r: [*r, r[41]],
        "a line repeated exactly, and a bad one": lambda r: [
            *r[:100], "2020,4,36,80212,x,1", *r[100:], "2020,4,36,80212,x,1",
        ],
        "more fields than the header": lambda r: [*r[:7], "2020,4,36,80212,5,1,7", *r[7:]],
    }


CASES = ["one bad value at the end", "reasons at several lines", "a duplicate key far apart",
         "a line repeated exactly, and a bad one", "more fields than the header"]


@pytest.mark.parametrize("quarantine", [False, True], ids=["reject", "quarantine"])
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("layout", ["plain", "crlf-bom"])
def test_located_and_streaming_passes_report_the_same(
    tmp_path: Path, rows: list[str], case: str, quarantine: bool, layout: str,
    monkeypatch: pytest.MonkeyPatch, passes: dict[str, int],
) -> None:
    lines = _broken()[case](rows)
    crlf = layout == "crlf-bom"
    path = _write(tmp_path / NAME, lines, crlf=crlf, bom=crlf)
    streamed = _run(path, tmp_path / "s", False, quarantine, monkeypatch)
    assert passes == {"located": 0, "fell_back": 0}
    got = _run(path, tmp_path / "l", True, quarantine, monkeypatch)
    assert got == streamed
    assert streamed[0] == ("ok" if quarantine else "error")
    if case == "more fields than the header":  # its record is not the line: streamed instead
        assert passes == {"located": 0, "fell_back": 1}
    else:
        assert passes == {"located": 1, "fell_back": 0}
    if not quarantine:
        assert "first at line" in str(got[1])


def test_a_quoted_field_hands_over_to_the_streaming_pass(
    tmp_path: Path, rows: list[str], monkeypatch: pytest.MonkeyPatch, passes: dict[str, int],
) -> None:
    # the raw record rebuilt from a quoted field is not the file's line: not found, streamed
    def quote_k(line: str) -> str:
        t, i, j, rest = line.split(",", 3)
        k, v, q = rest.split(",")
        return f'{t},{i},{j},"{k}",{v},{q}'

    quoted = [quote_k(r) for r in rows[:50]]
    # quoted good rows need no line: located answers
    lines = [*quoted, *rows[50:], "2020,4,36,80212,x,1"]
    path = _write(tmp_path / NAME, lines)
    kind, msg = _run(path, tmp_path / "l", True, False, monkeypatch)
    assert (kind, passes) == ("error", {"located": 1, "fell_back": 0})
    assert f"first at line {len(lines) + 1}" in str(msg)
    # a quoted rejected row: its rebuilt record is not its line, so the streaming pass names it
    lines = [*quoted, *rows[50:], '2020,4,36,"80212",x,1']
    path = _write(tmp_path / NAME, lines)
    kind, msg = _run(path, tmp_path / "l2", True, False, monkeypatch)
    assert (kind, passes) == ("error", {"located": 1, "fell_back": 1})
    assert f"first at line {len(lines) + 1}" in str(msg)


def test_too_many_rejected_rows_hand_over_to_the_streaming_pass(
    tmp_path: Path, rows: list[str], monkeypatch: pytest.MonkeyPatch, passes: dict[str, int],
) -> None:
    monkeypatch.setattr(explain, "LOCATED_MAX_ROWS", 3)
    lines = [*rows, *(f"2020,4,36,80212,x{i},1" for i in range(5))]
    path = _write(tmp_path / NAME, lines)
    kind, msg = _run(path, tmp_path / "l", True, False, monkeypatch)
    assert kind == "error"
    assert "'v' is not a number: 5 row(s), first at line" in str(msg)
    assert passes == {"located": 0, "fell_back": 1}


@pytest.mark.parametrize("case", ["reasons at several lines", "a line repeated exactly, and a bad one"])
def test_many_records_are_found_line_by_line_with_the_same_result(
    tmp_path: Path, rows: list[str], case: str, monkeypatch: pytest.MonkeyPatch,
    passes: dict[str, int],
) -> None:
    # beyond FIND_DIRECTLY records, the lines are looked up one by one instead of searched for
    lines = _broken()[case](rows)
    path = _write(tmp_path / NAME, lines, crlf=True, bom=True)
    streamed = _run(path, tmp_path / "s", False, True, monkeypatch)
    monkeypatch.setattr(explain, "FIND_DIRECTLY", 0)
    assert _run(path, tmp_path / "l", True, True, monkeypatch) == streamed
    assert passes == {"located": 1, "fell_back": 0}
