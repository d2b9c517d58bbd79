"""gvc.export's downloads opened by a real spreadsheet engine (LibreOffice Calc, headless).

Each CSV is opened with ``,`` and with ``;`` as the separator (the Indonesian list separator),
with formula evaluation on, and saved again as .xlsx; the .xlsx download is converted to CSV
(values as shown) and to .xlsx. No cell may come back as a formula or as an evaluated result.
Control files written the old way (pandas' default CSV writer, pandas' Excel writer) do come
back with formulas, so the check can fail. The payloads are synthetic test strings.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from gvc.export import clean_text, neutralise_text, to_csv_bytes, to_xlsx_bytes

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (soffice not on PATH): the spreadsheet-engine check "
    "needs `apt-get install -y libreoffice-calc-nogui` (Debian)",
)

PAYLOADS = [
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "Batik\r=1+1",
    "Batik\n=1+1",
    ";=1+1;x",
    ",=1+1,x",
    "x; =1+1",
    '=HYPERLINK("http://evil.example","x")',
    "\uff1d1+1",
    "ok\x00nul",
    "Kopi, sangrai",
]
VALUES = [-1.5 * i for i in range(len(PAYLOADS))]
#: CSV import options: separator, quote ", UTF-8, from line 1, default formats, locale,
#: quoted fields not forced to text, special numbers detected, ..., evaluate formulas on.
LANG = {",": 1033, ";": 1057}  # en-US, id-ID (decimal comma)


def _infilter(sep: str) -> str:
    return f"CSV:{ord(sep)},34,76,1,,{LANG[sep]},false,true,false,false,false,-1,true"


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"label": PAYLOADS, "value": VALUES})


def _soffice(profile: Path, outdir: Path, to: str, files: list[Path], infilter: str = "") -> None:
    cmd = [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", to, "--outdir", str(outdir), *map(str, files)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    missing = [f for f in files if not (outdir / f"{f.stem}.{to.split(':')[0]}").is_file()]
    assert not missing, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the downloads and the controls, and let LibreOffice open and save each one."""
    root = tmp_path_factory.mktemp("spreadsheet")
    profile = root / "profile"
    src = root / "src"
    src.mkdir()
    df = _frame()
    (src / "comma.csv").write_bytes(to_csv_bytes(df))
    (src / "semi.csv").write_bytes(to_csv_bytes(df, sep=";", decimal=","))
    # the old app writer (pandas' defaults) and the old Excel writer, as controls
    old = df[df["label"] != "ok\x00nul"]
    (src / "old.csv").write_text(old.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    (src / "safe.xlsx").write_bytes(to_xlsx_bytes({"data": df}))
    old.to_excel(src / "oldx.xlsx", index=False, engine="openpyxl")
    csvs = [src / "comma.csv", src / "semi.csv", src / "old.csv"]
    for sep, name in ((",", "comma"), (";", "semi")):
        _soffice(profile, root / f"read_{name}", "xlsx", csvs, _infilter(sep))
    xlsx = [src / "safe.xlsx", src / "oldx.xlsx"]
    _soffice(profile, root / "xlsx_csv", "csv:Text - txt - csv (StarCalc):44,34,76,1", xlsx)
    _soffice(profile, root / "xlsx_xlsx", "xlsx", xlsx)
    return root


def _cells(path: Path) -> list[openpyxl.cell.Cell]:
    ws = openpyxl.load_workbook(path).active
    return [c for row in ws.iter_rows() for c in row if c.value is not None]


def _formulas(path: Path) -> list[str]:
    return [f"{c.coordinate}: {c.value}" for c in _cells(path) if c.data_type == "f"]


@pytest.mark.parametrize("read", ["comma", "semi"])
def test_old_csv_writer_gives_formulas(opened, read):
    """The control: the old writer's CSV has formulas once opened (the check works)."""
    assert _formulas(opened / f"read_{read}" / "old.xlsx")


@pytest.mark.parametrize("read", ["comma", "semi"])
@pytest.mark.parametrize("written", ["comma", "semi"])
def test_csv_download_has_no_formula_with_either_separator(opened, written, read):
    path = opened / f"read_{read}" / f"{written}.xlsx"
    assert not _formulas(path)
    texts = [str(c.value) for c in _cells(path) if c.data_type == "s"]
    assert not [t for t in texts if t.lstrip(" ")[:1] in ("=", "+", "@") and t != "label"]


@pytest.mark.parametrize("sep", [",", ";"])
def test_csv_download_reads_back_as_written(opened, sep):
    """With the separator it was written for, every row is one row, text is the neutralised
    text, and numbers are numbers (decimal comma in the id-ID locale)."""
    name = "comma" if sep == "," else "semi"
    ws = openpyxl.load_workbook(opened / f"read_{name}" / f"{name}.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("label", "value")
    assert len(rows) == len(PAYLOADS) + 1

    def norm(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n")

    assert [norm(r[0]) for r in rows[1:]] == [norm(neutralise_text(p)) for p in PAYLOADS]
    got = [r[1] for r in rows[1:]]
    assert all(isinstance(v, int | float) for v in got), got
    assert got == pytest.approx(VALUES, rel=0, abs=1e-12)


def test_xlsx_download_shows_the_original_text(opened):
    """Calc saves the .xlsx download as CSV with the text as typed: no formula ran."""
    text = (opened / "xlsx_csv" / "safe.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["label", "value"]
    expected = [clean_text(p).replace("\r", "\n") for p in PAYLOADS]
    assert [r[0].replace("\r\n", "\n") for r in rows[1:]] == expected
    assert [float(r[1]) for r in rows[1:]] == pytest.approx(VALUES, rel=0, abs=1e-12)
    assert not _formulas(opened / "xlsx_xlsx" / "safe.xlsx")


def test_old_xlsx_writer_gives_evaluated_formulas(opened):
    """The control: pandas' Excel writer stored '=1+1' as a formula, which Calc evaluates."""
    rows = list(csv.reader(io.StringIO(
        (opened / "xlsx_csv" / "oldx.csv").read_text(encoding="utf-8"), newline="")))
    assert rows[1][0] == "2"
    assert _formulas(opened / "xlsx_xlsx" / "oldx.xlsx")
