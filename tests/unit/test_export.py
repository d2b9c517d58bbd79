"""gvc.export: atomic writes, formula neutralising, CSV and Excel downloads (issue 18 item 4).

The payloads are synthetic test strings (OWASP CSV-injection list plus the cases of issue 18).
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest

from gvc.errors import InvalidInputError
from gvc.export import (
    CELL_BREAKS,
    FORMULA_PREFIXES,
    atomic_write,
    clean_text,
    neutralise_formulas,
    neutralise_text,
    save_csv,
    to_csv_bytes,
    to_xlsx_bytes,
    write_frame,
    write_workbook,
)

PAYLOADS = [
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "Batik\r=1+1",
    "Batik\n=1+1",
    "Batik\r\n=1+1",
    ";=1+1;x",
    ",=1+1,x",
    "x; =1+1",
    "x,\t=1+1",
    "a\t\t=1+1",
    'say "hi";=1+1',
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "\uff1d1+1",  # full-width equals sign
    "x;\uff0b1+1",
    "ok\x00=1+1",
    "\x00=1+1",
]
#: Hand-checked results of :func:`neutralise_text`.
EXPECTED = {
    "=1+1": "'=1+1",
    ";=1+1;x": ";'=1+1;x",
    "Batik\r=1+1": "Batik\r'=1+1",
    "\r=1+1": "'\r'=1+1",
    "\t=1+1": "'\t'=1+1",
    "x; =1+1": "x; '=1+1",
    "a\t\t=1+1": "a\t'\t'=1+1",
    "\uff1d1+1": "'\uff1d1+1",
    "ok\x00=1+1": "ok=1+1",  # NUL removed; '=' inside a word is not a formula
    "\x00=1+1": "'=1+1",
}
HARMLESS = ["Batik tulis", "e-mail", "1-2", "Kopi, sangrai", "Rp 1.234,5", "", "it's"]


def _segments(text: str) -> list[str]:
    """Every piece a spreadsheet could make a cell of: ``text`` split at CR, LF, tab, ; and ,."""
    return [p.lstrip(" ") for p in re.split("[" + re.escape(CELL_BREAKS) + "]", text)]


def _evaluable(text: str) -> bool:
    """True if the text, or a piece of it split at a cell break, starts with a formula prefix."""
    return any(p[:1] in FORMULA_PREFIXES for p in [text, *_segments(text)] if p)


# -- the neutraliser ------------------------------------------------------------------------------


def test_the_payloads_are_formulas_before_neutralising():
    """The check below can fail: every payload is evaluable as it stands (once a spreadsheet
    drops the NUL), except ``ok\x00=1+1``, which is there for the NUL."""
    assert [p for p in PAYLOADS if not _evaluable(clean_text(p))] == ["ok\x00=1+1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralised_payload_has_no_formula_in_any_split(payload):
    safe = neutralise_text(payload)
    assert not _evaluable(safe), repr(safe)
    assert neutralise_text(safe) == safe  # idempotent
    assert safe.replace("'", "") == clean_text(payload).replace("'", "")  # only apostrophes added


@pytest.mark.parametrize(("payload", "expected"), sorted(EXPECTED.items()))
def test_neutralise_text_hand_checked(payload, expected):
    assert neutralise_text(payload) == expected


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_unchanged(text):
    assert neutralise_text(text) == text


def test_neutralise_formulas_touches_text_only():
    df = pd.DataFrame({"t": ["=1", "ok", None], "v": [-1.5, 2.0, np.nan], "=c": ["a", "b", "c"]})
    safe = neutralise_formulas(df)
    assert list(safe["t"][:2]) == ["'=1", "ok"]
    assert pd.isna(safe["t"][2])
    assert safe["t"].dtype == df["t"].dtype
    np.testing.assert_allclose(safe["v"], [-1.5, 2.0, np.nan], rtol=0, atol=0)
    assert list(safe.columns) == ["t", "v", "'=c"]
    assert list(df["t"][:2]) == ["=1", "ok"]  # the input is left alone


# -- CSV ------------------------------------------------------------------------------------------


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": PAYLOADS,
            "value": [-1.5 * i for i in range(len(PAYLOADS))],
            "count": list(range(-3, len(PAYLOADS) - 3)),
        }
    )


def test_python_csv_leaves_a_bare_cr_unquoted():
    """Why every text field is quoted: QUOTE_MINIMAL does not quote a bare CR (the bug)."""
    out = pd.DataFrame({"a": ["Batik\r=1+1"]}).to_csv(index=False, lineterminator="\n")
    assert out == "a\nBatik\r=1+1\n"


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("read_sep", [",", ";"])
def test_csv_has_no_formula_whatever_separator_reads_it(sep, read_sep):
    data = to_csv_bytes(_frame(), sep=sep)
    text = data.decode("utf-8")
    # a reader that ignores quotes: splits lines at CR or LF, cells at the separator
    naive = [c.strip('"').lstrip(" ") for line in re.split("\r\n|\r|\n", text)
             for c in line.split(read_sep)]
    numbers = [c for c in naive if re.fullmatch(r"-?\d+(\.\d+)?", c)]
    assert not [c for c in naive if c and c[0] in FORMULA_PREFIXES and c not in numbers]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=read_sep))
    cells = [c for row in rows for c in row]
    # a reader that honours quotes (as LibreOffice and Excel do)
    assert not [c for c in cells if c and c[0] in FORMULA_PREFIXES
                and not re.fullmatch(r"-?\d+(\.\d+)?", c)]


def test_csv_round_trip_keeps_numbers_and_the_text():
    df = _frame()
    back = pd.read_csv(io.BytesIO(to_csv_bytes(df)), keep_default_na=False)
    assert back["value"].dtype.kind == "f"
    assert back["count"].dtype.kind == "i"
    np.testing.assert_allclose(back["value"], df["value"], rtol=0, atol=1e-12)
    assert list(back["count"]) == list(df["count"])
    assert list(back["label"]) == [neutralise_text(p) for p in PAYLOADS]


def test_csv_semicolon_with_decimal_comma_and_bom():
    df = pd.DataFrame({"a": ["x;y"], "v": [1234.5]})
    data = to_csv_bytes(df, sep=";", decimal=",", bom=True)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == '"a";"v"\r\n"x;y";"1234,5"\r\n'


@pytest.mark.parametrize(("sep", "decimal"), [("\t", "."), (",", ","), (";", ";")])
def test_csv_refuses_other_separators(sep, decimal):
    with pytest.raises(InvalidInputError, match=r"separator|decimal"):
        to_csv_bytes(pd.DataFrame({"a": [1]}), sep=sep, decimal=decimal)


# -- Excel ----------------------------------------------------------------------------------------


def test_pandas_excel_writer_crashes_on_nul_and_writes_formulas():
    """Why gvc writes the cells itself: the old path crashed on NUL and stored '=' as formula."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    with pytest.raises(IllegalCharacterError):
        pd.DataFrame({"a": ["ok\x00"]}).to_excel(io.BytesIO(), index=False, engine="openpyxl")
    buf = io.BytesIO()
    pd.DataFrame({"a": ["=1+1"]}).to_excel(buf, index=False, engine="openpyxl")
    assert openpyxl.load_workbook(buf).active["A2"].data_type == "f"


def test_xlsx_stores_text_as_text_and_numbers_as_numbers():
    df = _frame()
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"data": df})))
    ws = wb["data"]
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    labels = [c.value for c in ws["A"][1:]]
    # the original text (XML keeps a CR as LF), NUL removed; nothing prefixed
    assert labels == [clean_text(p).replace("\r\n", "\n").replace("\r", "\n") for p in PAYLOADS]
    assert all(c.data_type == "s" for c in ws["A"])
    assert [c.quotePrefix for c in ws["A"][1:]] == [
        clean_text(p)[:1] in FORMULA_PREFIXES for p in PAYLOADS
    ]
    np.testing.assert_allclose([c.value for c in ws["B"][1:]], df["value"], rtol=0, atol=1e-12)
    assert [c.value for c in ws["C"][1:]] == list(df["count"])
    assert all(c.data_type == "n" for c in ws["B"][1:] + ws["C"][1:])


def test_xlsx_can_be_handed_on():
    df = pd.DataFrame({"code": ["0901", "0902"], "description": ["Kopi " * 30, "Teh"],
                       "value": [1.5e9, np.nan]})
    data = to_xlsx_bytes(
        {"opportunities": df, "a[b]:c*?/\\" + "x" * 40: df.head(1)},
        descriptions={"code": "Kode HS", "value": "Nilai ekspor (USD)"},
        notes=[("Sumber", "BACI (CEPII), lisensi Etalab 2.0"), ("Tanggal", "2026-12-02")],
        lang="id",
    )
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["opportunities", "a_b__c____" + "x" * 21, "Kolom",
                             "Metode dan sumber"]
    ws = wb["opportunities"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C3"
    assert all(c.font.b for c in ws[1])
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    assert widths["B"] == 60  # bounded: the 150-character text
    assert 8 <= widths["A"] < widths["C"] < 60  # "1,500,000,000.00" is wider than "0901"
    assert ws["C3"].value is None  # NaN is an empty cell, not the text "nan"
    cols = [[c.value for c in r] for r in wb["Kolom"].iter_rows()]
    assert cols[0] == ["Lembar", "Kolom", "Keterangan"]
    assert cols[1] == ["opportunities", "code", "Kode HS"]
    assert cols[2][2] is None
    assert cols[3][2] == "Nilai ekspor (USD)"
    notes = [[c.value for c in r] for r in wb["Metode dan sumber"].iter_rows()]
    assert notes == [["Butir", "Rincian"], ["Sumber", "BACI (CEPII), lisensi Etalab 2.0"],
                     ["Tanggal", "2026-12-02"]]


def test_xlsx_labels_override_and_bad_language():
    data = to_xlsx_bytes({"d": pd.DataFrame({"a": [1]})}, descriptions={},
                         labels={"columns_sheet": "Fields", "column": "Name"})
    ws = openpyxl.load_workbook(io.BytesIO(data))["Fields"]
    assert [c.value for c in ws[1]] == ["Name", "Description"]  # (default: Column)
    with pytest.raises(InvalidInputError, match="lang"):
        to_xlsx_bytes({"d": pd.DataFrame({"a": [1]})}, lang="fr")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="at least one"):
        to_xlsx_bytes({})


def test_xlsx_odd_values():
    df = pd.DataFrame({
        "when": pd.to_datetime(["2020-01-02", None]).tz_localize("Asia/Jakarta"),
        "flag": [True, False],
        "inf": [np.inf, -np.inf],
        "obj": [["a"], {"b": 1}],
    })
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"d": df})))["d"]
    assert ws["A2"].value.year == 2020
    assert ws["A3"].value is None
    assert [ws["B2"].value, ws["B3"].value] == [True, False]
    assert [ws["C2"].value, ws["C3"].value] == ["inf", "-inf"]
    assert ws["D2"].value == "['a']"


# -- files ----------------------------------------------------------------------------------------


def test_atomic_write_keeps_the_old_file_when_the_writer_fails(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("old")

    def broken(tmp):
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(path, broken)
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]
    atomic_write(path, lambda tmp: tmp.write_text("new"), durable=True)
    assert path.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".json"])
def test_write_frame_every_format(tmp_path, suffix):
    df = pd.DataFrame({"label": ["=1+1", "ok"], "v": [-1.5, 2.0]})
    out = write_frame(df, tmp_path / f"x{suffix}")
    assert out.is_file()
    assert not list(tmp_path.glob(".*.tmp"))
    if suffix == ".csv":
        assert out.read_bytes() == to_csv_bytes(df)
    elif suffix == ".parquet":
        assert list(pd.read_parquet(out)["label"]) == ["=1+1", "ok"]  # machine format: exact


def test_write_frame_refuses_bad_targets(tmp_path):
    df = pd.DataFrame({"a": [1]})
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(InvalidInputError, match="is a folder"):
        write_frame(df, tmp_path / "d.csv")
    with pytest.raises(InvalidInputError, match=r"'--out' must end in one of \.csv, \.parquet"):
        write_frame(df, tmp_path / "x.txt")
    with pytest.raises(InvalidInputError, match="does not exist"):
        write_frame(df, tmp_path / "nope" / "x.csv")
    with pytest.raises(InvalidInputError, match="cannot write"):
        write_frame(df, tmp_path / ("x" * 300 + ".csv"))


def test_write_workbook(tmp_path):
    sheets = {"a": pd.DataFrame({"t": ["=1"]}), "b": pd.DataFrame({"u": [2]})}
    xlsx = write_workbook(sheets, tmp_path / "w.xlsx", descriptions={"t": "text"}, lang="id")
    assert openpyxl.load_workbook(xlsx).sheetnames == ["a", "b", "Kolom"]
    csv_out = write_workbook(sheets, tmp_path / "w.csv")
    assert csv_out.read_bytes() == to_csv_bytes(sheets["a"])
    with pytest.raises(InvalidInputError, match=r"'--out' must end in .csv or .xlsx"):
        write_workbook(sheets, tmp_path / "w.parquet")


def test_save_csv_keeps_text_exactly_and_one_row_per_record(tmp_path):
    """A saved registry with a bare CR in a cell reads back as the same rows (issue 18 item 8)."""
    df = pd.DataFrame({"cluster_id": ["a-1", "b-2"], "name": ["Batik\r=1+1", 'say "hi", ok'],
                       "firms": [12, 3]})
    path = save_csv(df, tmp_path / "r.clusters.csv")
    back = pd.read_csv(path)
    assert back.to_dict("list") == df.to_dict("list")
    old = tmp_path / "old.csv"
    df.to_csv(old, index=False)  # the old writer left the CR unquoted: a reader splits there
    assert b",Batik\r=1+1," in old.read_bytes()
    assert b',"Batik\r=1+1",' in path.read_bytes()
