"""gvc.i18n: the message catalogs (gettext .po, read by Babel) and the number formats (Babel).

Issue 17 item 2: one translation mechanism. The catalogs are checked the way ``msgfmt --check``
checks them (GNU gettext, when installed) and by gvc's own check (every key translated, the same
placeholders); a catalog broken on purpose shows that the check can fail.
"""

from __future__ import annotations

import ast
import math
import shutil
import subprocess
from pathlib import Path

import pytest

from gvc import i18n

ROOT = Path(__file__).resolve().parents[2]


def test_catalogs_are_complete_and_consistent():
    assert i18n.check_catalogs() == []
    assert len(i18n.keys()) > 700
    assert set(i18n.keys()) == set(i18n._catalog("id"))  # every key in Indonesian too


def test_catalogs_pass_msgfmt_check(tmp_path):
    """GNU msgfmt's own check (format strings, header, syntax), else Babel's compile."""
    for lang, domain in ((lang, d) for lang in i18n.LANGUAGES for d in i18n.DOMAINS):
        po = i18n.catalog_path(lang, domain)
        if shutil.which("msgfmt"):
            run = subprocess.run(
                ["msgfmt", "--check", "-o", str(tmp_path / f"{lang}.{domain}.mo"), str(po)],
                capture_output=True,
                text=True,
            )
            assert run.returncode == 0, run.stderr
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            cat = read_po(fh, locale=lang)
        assert not [(m.id, errs) for m, errs in cat.check()], lang
        with (tmp_path / f"{lang}.{domain}.babel.mo").open("wb") as fh:
            write_mo(fh, cat)
        if lang != "en":  # (the English msgstr stay empty: English is the msgid)
            assert (tmp_path / f"{lang}.{domain}.babel.mo").stat().st_size > 10_000


def test_a_broken_catalog_is_caught(tmp_path, monkeypatch):
    for lang in i18n.LANGUAGES:
        target = tmp_path / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        text = i18n.catalog_path(lang).read_text(encoding="utf-8")
        if lang == "id":  # a placeholder renamed, one translation emptied, one key dropped
            text = text.replace('msgstr "HS {n} digit"', 'msgstr "HS {m} digit"')
            text = text.replace('msgstr "Beranda"', 'msgstr ""')
            text = text.replace('msgctxt "nav.paths"', 'msgctxt "nav.pathz"')
        (target / "gvc.po").write_text(text, encoding="utf-8")
        names = i18n.catalog_path(lang, i18n.NAMES).read_text(encoding="utf-8")
        if lang == "id":  # and in the names catalog, a name emptied
            names = names.replace('msgstr "Produk nabati"', 'msgstr ""')
        (target / "names.po").write_text(names, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    problems = "\n".join(i18n.check_catalogs())
    assert "'common.digits' has placeholders ['m'], the English text ['n']" in problems
    assert "'nav.home' is not translated" in problems
    assert "'nav.paths' is missing" in problems
    assert "'nav.pathz' is not in the English catalog" in problems
    assert "names.po (id) line" in problems
    assert "'section.II' is not translated" in problems


def test_names_of_codes_and_countries():
    # IO sectors in KBLI 2020's words, HS sections; the published name where none is known
    assert i18n.name("sector.wiod2013", "c4", "id") == "Industri tekstil dan produk tekstil"
    assert i18n.name("sector.wiod2013", "c4", "en") == "Textiles and Textile Products"
    assert i18n.name("sector.icio2025", "C10T12", "id").startswith("Industri makanan")
    assert i18n.name("section", "II", "id") == "Produk nabati"
    assert i18n.name("sector.icio2025", "ZZZ", "id", "Published name") == "Published name"
    assert i18n.name("sector.icio2025", "ZZZ", "id") == "ZZZ"
    # countries: CLDR's Indonesian names; the data's own name in English and for unknown codes
    assert i18n.country("CN", "id", "China") == "Tiongkok"
    assert i18n.country("US", "id", "United States") == "Amerika Serikat"
    assert i18n.country("CN", "en", "China") == "China"
    assert i18n.country(None, "id", "Other Asia, nes") == "Other Asia, nes"
    # every sector of the embedded IO tables has an Indonesian name
    names = i18n._catalog("id", i18n.NAMES)
    assert sum(k.startswith("sector.icio2025.") for k in names) == 50
    assert sum(k.startswith("sector.wiod2013.") for k in names) == 35
    assert sum(k.startswith("section.") for k in names) == 21


def test_text_fills_placeholders_and_falls_back():
    assert i18n.text("nav.home", "id") == "Beranda"
    assert i18n.text("nav.home", "en") == "Home"
    assert i18n.text("common.digits", "id", n=6) == "HS 6 digit"
    assert i18n.text("common.digits", "fr", n=6) == "HS 6 digits"  # unknown language: English
    assert i18n.text("no.such.key", "id") == "no.such.key"


@pytest.mark.parametrize(
    ("value", "lang", "want"),
    [
        (1234.5, "en", "1,234.5"),
        (1234.5, "id", "1.234,5"),
        (-0.25, "id", "-0,2"),  # (half-even, as Babel rounds)
        (None, "id", "-"),
        (math.nan, "en", "-"),
    ],
)
def test_number(value, lang, want):
    assert i18n.number(value, lang, 1) == want


def test_percent_and_money_by_hand():
    assert i18n.percent(0.125, "en", 1) == "12.5%"
    assert i18n.percent(0.125, "id", 1) == "12,5%"
    assert i18n.percent(0.002, "id", 1) == "0,2%"
    assert i18n.percent(0.5, "id") == "50%"
    assert i18n.money(157_201_600_000, "en") == "USD 157.2 billion"
    assert i18n.money(157_201_600_000, "id") == "USD 157,2 miliar"
    assert i18n.money(2_345_600, "id") == "USD 2,3 juta"
    assert i18n.money(48_194.8e9, "id", "IDR") == "Rp 48,2 triliun"
    assert i18n.money(48_194.8e9, "en", "IDR") == "IDR 48.2 trillion"
    assert i18n.money(950, "en") == "USD 950"
    assert i18n.money(float("inf"), "en") == "-"


def _bilingual_literals(path: Path) -> list[int]:
    """Lines of dict literals with both an "en" and an "id" text key (an old translation table)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            texts = [v for v in node.values if isinstance(v, ast.Constant | ast.JoinedStr)]
            if {"en", "id"} <= keys and texts:
                lines.append(node.lineno)
    return lines


def test_no_translation_tables_outside_the_catalogs():
    """The app's label table, the opportunity column tuples and the sheet titles moved into the
    catalogs; no module keeps its own {"en": ..., "id": ...} table of texts."""
    found = {}
    for folder in ("gvc", "app_pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = _bilingual_literals(path)
            if lines and path.name != "i18n.py":  # (gvc/i18n.py: the language names)
                found[path.relative_to(ROOT).as_posix()] = lines
    assert found == {}


def test_signed_percent_and_whole_amounts():
    assert i18n.signed_percent(0.012, "en") == "+1.2%"
    assert i18n.signed_percent(-0.012, "id") == "-1,2%"
    assert i18n.signed_percent(0.0, "id") == "+0,0%"
    assert i18n.signed_percent(None, "id") == "-"
    assert i18n.money(1_250_000_000, "id", "IDR", compact=False) == "Rp 1.250.000.000"
    assert i18n.money(1_250_000_000, "en", "IDR", compact=False) == "IDR 1,250,000,000"
    assert i18n.money(1_250_000_000, "id", "IDR") == "Rp 1,2 miliar"
