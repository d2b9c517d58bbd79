"""BACI files as CEPII writes them: the fast pass reads every known layout quirk by itself.

The quirks: ``q`` (and ``v``) right-aligned with blanks and a missing ``q`` written as a padded
``'          NA'``, a UTF-8 byte-order mark, CRLF line ends, HS codes without their leading zero,
quoted fields and an empty ``q``. Each layout is written by code from the shipped real BACI
HS17 sample (``baci_csv``), so the expected values are the real file's. The explain pass (the
slow one, with line numbers) must not run on any of them, and must still name a truly bad row.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from gvc.errors import ImportValidationError
from gvc.importers import baci, explain, progress, validation
from tests.helpers import DATA, baci_csv

CODES = DATA / "trade_flows/baci_country_codes_V202301.csv"
NAME = "BACI_HS17_Y2020_V202301.csv"


def _rows(path: Path) -> list[tuple[str, ...]]:
    """The data rows of an unpadded BACI CSV as text fields (header dropped)."""
    lines = path.read_text().splitlines()
    assert lines[0] == "t,i,j,k,v,q"
    return [tuple(ln.split(",")) for ln in lines[1:]]


def _write(path: Path, rows: list[tuple[str, ...]], *, pad: int = 0, bom: bool = False,
           crlf: bool = False, quote_k: bool = False, na: str = "NA") -> Path:
    """Write BACI rows in one of CEPII's layouts (``pad``: width v and q are right-aligned to)."""
    end = "\r\n" if crlf else "\n"
    out = ["\ufefft,i,j,k,v,q" if bom else "t,i,j,k,v,q"]
    for t, i, j, k, v, qty in rows:
        qty = qty or na
        kk = f'"{k}"' if quote_k else k
        out.append(",".join((t, i, j, kk, v.rjust(pad), qty.rjust(pad))))
    path.write_text(end.join(out) + end, encoding="utf-8", newline="")
    return path


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[str, ...]], int]:
    """The 2020 rows of the real sample (k without its leading zero); the count of missing q."""
    path = tmp_path_factory.mktemp("baci_layouts") / NAME
    n, _ = baci_csv(path, 2020)
    rows = _rows(path)
    assert len(rows) == n
    missing = sum(1 for r in rows if r[5] in ("", "NA"))
    return rows, missing


def _convert(path: Path, out: Path, quarantine: bool = False) -> validation.Report:
    con = duckdb.connect()
    lut = baci.country_lut(con, CODES, [])
    return validation.convert(
        con, baci.spec(2020, lut), path, out, out.parent / "rejects.csv", quarantine, NAME
    )


def _values(out: Path) -> list[tuple[object, ...]]:
    return duckdb.execute(
        "select exporter, importer, product, value_usd, quantity from read_parquet($g,"
        " hive_partitioning = true) order by exporter, importer, product",
        {"g": str(out / "**" / "*.parquet")},
    ).fetchall()


@pytest.fixture
def no_explain(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Count the explain passes (they must not run on a clean file of any layout)."""
    calls = []

    def spy(real: Callable[..., validation.Report]) -> Callable[..., validation.Report]:
        def run(*args: object, **kwargs: object) -> validation.Report:
            calls.append(real.__name__)
            return real(*args, **kwargs)

        return run

    monkeypatch.setattr(explain, "streaming", spy(explain.streaming))
    monkeypatch.setattr(explain, "windowed", spy(explain.windowed))
    return lambda: len(calls)


LAYOUTS = {
    "padded-12": {"pad": 12},
    "padded-12-bom-crlf": {"pad": 12, "bom": True, "crlf": True},
    "padded-20-quoted-k": {"pad": 20, "quote_k": True},
    "unpadded-crlf-bom": {"crlf": True, "bom": True},
    "empty-q": {"na": ""},
    "padded-empty-q": {"pad": 12, "na": ""},
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_cepii_layout_lands_the_same_values_in_the_fast_pass(
    tmp_path: Path, sample: tuple[list[tuple[str, ...]], int], layout: str,
    no_explain: Callable[[], int],
) -> None:
    rows, missing = sample
    (tmp_path / "plain").mkdir()
    plain = _write(tmp_path / "plain" / NAME, rows)
    rep0 = _convert(plain, tmp_path / "plain_out")
    (tmp_path / "l").mkdir()
    path = _write(tmp_path / "l" / NAME, rows, **LAYOUTS[layout])
    rep = _convert(path, tmp_path / "out")
    assert no_explain() == 0  # neither file needed the slow pass
    assert rep.rejected == rep0.rejected == {}
    assert rep.rows_written == rep0.rows_written == len(rows)
    got, want = _values(tmp_path / "out"), _values(tmp_path / "plain_out")
    assert got == want  # exact: both are parsed from the same decimal text
    # padded NA (or empty) quantities are missing, every other q is a number
    assert sum(1 for r in got if r[4] is None) == missing > 0
    assert all(len(r[2]) == 6 and r[2].isdigit() for r in got)  # leading zeros restored


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("         abc", "'q' is not a number"),
        ("       -1.5", "negative quantity 'q'"),
        ("       N A", "'q' is not a number"),
    ],
)
def test_a_truly_bad_row_in_a_padded_file_is_named_by_line(
    tmp_path: Path, sample: tuple[list[tuple[str, ...]], int], bad: str, reason: str,
    no_explain: Callable[[], int],
) -> None:
    rows, _ = sample
    at = 1234  # the 1234th data row is line 1235 (the header is line 1)
    broken = [*rows[: at - 1], (*rows[at - 1][:5], bad.strip()), *rows[at:]]
    path = _write(tmp_path / NAME, broken, pad=12)
    with pytest.raises(ImportValidationError) as err:
        _convert(path, tmp_path / "out")
    msg = str(err.value)
    assert f"1 of {len(rows)} rows rejected" in msg
    assert f"{reason}: 1 row(s), first at line {at + 1}" in msg
    assert no_explain() == 1
    assert not list((tmp_path / "out").rglob("*.parquet"))  # nothing left behind


def test_quarantine_of_a_padded_file_lands_the_good_rows_with_missing_q(
    tmp_path: Path, sample: tuple[list[tuple[str, ...]], int],
) -> None:
    rows, missing = sample
    broken = [*rows[:9], (*rows[9][:4], "x", rows[9][5]), *rows[10:]]
    path = _write(tmp_path / NAME, broken, pad=12)
    rep = _convert(path, tmp_path / "out", quarantine=True)
    assert rep.rejected == {"'v' is not a number": 1}
    assert (rep.rows_read, rep.rows_written) == (len(rows), len(rows) - 1)
    rej = duckdb.execute(
        "select line, reason from read_csv($p)", {"p": rep.rejects_file}
    ).fetchall()
    assert rej == [(11, "'v' is not a number")]
    got = _values(tmp_path / "out")
    assert len(got) == len(rows) - 1
    assert sum(1 for r in got if r[4] is None) == missing - (rows[9][5] in ("", "NA"))


def test_duplicate_keys_in_a_padded_file_are_named_with_both_lines(
    tmp_path: Path, sample: tuple[list[tuple[str, ...]], int],
) -> None:
    rows, _ = sample
    path = _write(tmp_path / NAME, [*rows, rows[41]], pad=12)
    with pytest.raises(ImportValidationError) as err:
        _convert(path, tmp_path / "out")
    assert "duplicate key (year, exporter, importer, product): 2 row(s), first at line 43" in str(
        err.value
    )


def test_a_duplicate_is_found_when_the_hashes_are_checked_in_partitions(
    tmp_path: Path, sample: tuple[list[tuple[str, ...]], int], monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a file larger than DUP_BLOCK_ROWS is checked in hash partitions (bounded memory)
    rows, _ = sample
    monkeypatch.setattr(validation, "DUP_BLOCK_ROWS", 97)
    path = _write(tmp_path / NAME, [*rows, rows[41]], pad=12)
    with pytest.raises(ImportValidationError, match="first at line 43"):
        _convert(path, tmp_path / "out")
    (tmp_path / "ok").mkdir()
    rep = _convert(_write(tmp_path / "ok" / NAME, rows, pad=12), tmp_path / "ok" / "out")
    assert rep.rows_written == len(rows) > 97 * 3


def test_a_missing_value_padded_unlike_the_first_rows_is_read_by_the_explain_pass(
    tmp_path: Path, sample: tuple[list[tuple[str, ...]], int], monkeypatch: pytest.MonkeyPatch,
    no_explain: Callable[[], int],
) -> None:
    # the fast pass's reader knows the NA spellings of the file's first block only: one
    # spelled differently further down stops it; the explain pass reads it (same values),
    # and the report says why the import was slower
    rows, missing = sample
    monkeypatch.setattr(validation, "NA_SAMPLE_BYTES", 4096)
    at = next(i for i in range(len(rows) - 1, 0, -1) if rows[i][5] not in ("", "NA"))
    odd = [*rows[:at], (*rows[at][:5], "NA"), *rows[at + 1:]]
    path = _write(tmp_path / NAME, odd, pad=12)
    text = path.read_text().splitlines()
    text[at + 1] = text[at + 1][: text[at + 1].rindex(",") + 1] + "    NA"  # padded to 6
    path.write_text("\n".join(text) + "\n")
    rep = _convert(path, tmp_path / "out")
    assert no_explain() == 1
    assert (rep.rows_written, rep.rejected) == (len(rows), {})
    assert "read again line by line" in rep.warnings[0]
    got = _values(tmp_path / "out")
    assert sum(1 for r in got if r[4] is None) == missing + 1


def test_two_files_into_one_folder_keep_each_others_rows(
    tmp_path: Path, sample: tuple[list[tuple[str, ...]], int],
) -> None:
    # issue 18: the second file of a release went to the explain pass, which cleared the whole
    # output folder, so the first file's rows were reported as landed but gone.
    rows, _ = sample
    half = len(rows) // 2
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _write(tmp_path / "a" / NAME, rows[:half])
    second = _write(tmp_path / "b" / NAME, [*rows[half:-1], (*rows[-1][:4], "x", "1")])
    out = tmp_path / "out"
    rep1 = _convert(first, out)
    rep2 = _convert(second, out, quarantine=True)  # explain pass: clears only its own files
    assert rep2.rejected == {"'v' is not a number": 1}
    assert len(_values(out)) == rep1.rows_written + rep2.rows_written == len(rows) - 1


def test_progress_reports_bytes_and_rows_within_a_file(
    tmp_path: Path, sample: tuple[list[tuple[str, ...]], int], monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows, _ = sample
    path = _write(tmp_path / NAME, rows, pad=12)
    monkeypatch.setattr(progress, "PROGRESS_EVERY_S", 0.0)
    monkeypatch.setattr(progress, "PROGRESS_POLL_S", 0.001)
    lines: list[str] = []
    con = duckdb.connect()
    lut = baci.country_lut(con, CODES, [])
    rep = validation.convert(
        con, baci.spec(2020, lut), path, tmp_path / "out", tmp_path / "r.csv",
        progress=lines.append,
    )
    assert rep.rows_written == len(rows)
    mb = path.stat().st_size / 2**20
    assert lines, "no progress line while the fast pass ran"
    for ln in lines:
        assert ln.startswith(f"  {NAME}: validating and converting [")
        assert f"/{mb:,.0f} MB" in ln
        assert " rows" in ln
    # the row estimate (from the first MB) is within 10% of the real count
    est = float(lines[-1].rsplit("/", 1)[1].split()[0].replace(",", ""))
    assert est == pytest.approx(len(rows), rel=0.10)
