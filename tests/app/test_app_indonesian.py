"""Every page in Bahasa Indonesia shows no English word (issue 17, item 2).

Each page is rendered in ``id`` (AppTest) and every text a person reads is collected: titles,
captions, Markdown, alerts, metric labels and values, widget labels and options, tab and expander
labels, the titles of the charts, and the column names and text cells of every table. A word is
English when gvc could have written it in English (the English texts of the catalogs, the HS 1992
descriptions, the IO sector names) and no Indonesian text of gvc or its data uses it (the
Indonesian catalogs, BTKI 2022 names, BPS IRIO industry names, CLDR country names).

Left out on purpose, each a kind of text that stays as written in Indonesian:

- codes and identifiers: tokens with a digit or an underscore (``comtrade_coffee``,
  file names (``bad.csv``), commands and their options (``gvc download baci --release``),
  ``jabar-3201-craft``, ``value_added_idr``: the template columns a coordinator fills in),
  registry field names in the lists of missing inputs;
- quotations: words between single quotes (the HS 1992 words two products share, quoted as the
  relatedness evidence: "teks HS memuat kata yang sama 'woven', 'fabric'");
- names of laws and standards a requirement cites (the requirements table's legal basis), and
  the proper names in :data:`PROPER_NAMES` (publishers, publications);
- the language switch itself ("English").
"""

from __future__ import annotations

import json
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.helpers import REPO
from tests.wording import Vocabulary, build_vocabulary, english_words

PAGES = sorted(set(re.findall(r'"app_pages/([a-z_]+)\.py"', (REPO / "app.py").read_text())))

#: Pages opened again in another state than their default (a fallback grain, the IO view, a
#: rattan cluster): ``(page, URL parameters)``.
VARIANTS = [
    ("markets", {"product": "9403"}),
    ("markets", {"product": "0901", "grain": "io"}),
    ("sectors", {"kind": "io"}),
    ("sectors", {"kind": "section"}),
    ("clusters", {"registry": "bps_imk2025", "cluster": "imk2025-bali"}),
    ("paths", {"origin": "cluster"}),
]

@pytest.fixture(scope="module")
def vocabulary(con) -> Vocabulary:
    """English words gvc may write, Indonesian words gvc and its data use, words allowed."""
    return build_vocabulary(con)


def _spec_titles(spec: object) -> list[str]:
    """The titles a Vega-Lite chart draws (axis, legend and chart titles)."""
    out: list[str] = []
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == "title" and isinstance(v, str):
                out.append(v)
            elif k not in ("data", "datasets", "transform", "condition", "test", "field"):
                out += _spec_titles(v)
    elif isinstance(spec, list):
        for v in spec:
            out += _spec_titles(v)
    return out


def shown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) of everything the page shows."""
    out: list[tuple[str, str]] = []

    def walk(node: object) -> None:
        kind = type(node).__name__
        key = getattr(getattr(node, "proto", None), "id", "")
        if kind == "Radio" and "lang" in str(key):
            return  # the language switch names the languages
        if kind == "Html" and str(getattr(node, "body", "")).lstrip().startswith("<style"):
            return  # the app's style sheet
        for attr in ("label", "body", "help", "placeholder"):
            v = getattr(node, attr, None)
            if isinstance(v, str):
                out.append((f"{kind}.{attr}", v))
        if kind in ("Markdown", "Caption", "Title", "Header", "Subheader", "Alert", "Info",
                    "Warning", "Error", "Success", "Metric", "Text", "TextInput", "Exception"):
            v = getattr(node, "value", None)
            if isinstance(v, str):
                out.append((f"{kind}.value", v))
        options = getattr(node, "options", None) if kind not in ("ButtonGroup",) else None
        if isinstance(options, list | tuple):
            out.extend((f"{kind}.option", o) for o in options if isinstance(o, str))
        if kind in ("Dataframe", "Table"):
            frame = node.value  # type: ignore[attr-defined]
            out.extend(("column", str(c)) for c in frame.columns)
            for c in frame.columns:
                col = frame[c]
                if col.dtype == object or str(col.dtype).startswith(("str", "string")):
                    out.extend((f"cell {c}", str(v)) for v in col.dropna().unique()[:400])
        spec = getattr(getattr(node, "proto", None), "spec", None)
        if isinstance(spec, str) and spec.startswith("{"):
            out.extend(("chart title", t) for t in _spec_titles(json.loads(spec)))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return out


@pytest.fixture(autouse=True)
def _fresh_app(con, monkeypatch):
    monkeypatch.setenv("GVC_DB", str(con.path))
    st.cache_data.clear()
    st.cache_resource.clear()


def open_id(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    at.query_params["lang"] = "id"
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, (page, at.exception)
    return at


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "params"),
    [(p, None) for p in PAGES] + VARIANTS,
    ids=[*PAGES, *[f"{p}-{'-'.join(v.values())}" for p, v in VARIANTS]],
)
def test_no_english_in_indonesian_pages(page, params, vocabulary):
    at = open_id(page, params)
    texts = shown_texts(at)
    assert len(texts) > 20, (page, texts)  # the page really rendered
    hits = english_words(texts, vocabulary)
    report = "\n".join(f"  {w!r} in {where}: {text!r}" for w, where, text in hits[:40])
    assert not hits, f"{page}: {len(hits)} English word(s) in Bahasa Indonesia:\n{report}"


def test_the_sweep_finds_english(vocabulary):
    # the check itself: an English sentence, an English HS text and a sector name are caught;
    # Indonesian text, codes, quotations and cited names are not
    caught = english_words([
        ("a", "Largest foreign buyers of the industry"),
        ("b", "Meat of bovine animals; fresh or chilled"),
        ("c", "Manufacture of textiles"),
    ], vocabulary)
    assert {w for w, _, _ in caught} >= {"largest", "foreign", "buyers", "meat", "bovine",
                                         "chilled", "manufacture", "textiles"}
    assert english_words([
        ("a", "Pembeli luar negeri terbesar industri C13T15 (sumber comtrade_coffee 2015)"),
        ("b", "teks HS memuat kata yang sama 'woven', 'fabric'"),
        ("c", "Kerajinan, Kabupaten Bogor (jabar-3201-craft)"),
        ("d", "Data dari Open Data Jabar dan IMF World Economic Outlook"),
    ], vocabulary) == []


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        # a required column missing, a bad cell, an unknown province: one message, every problem
        ("bad.csv", "cluster_id,name\nx,no province\n", ["kolom wajib tidak ada"]),
        ("cells.csv", ("cluster_id,name,province,kbli,firms_total,share_credit\n"
                       "x,Batik,JAWA BRAT,13134,banyak,1.7\n"),
         ["harus angka", "pangsa antara 0 dan 1", "provinsi 'JAWA BRAT' tidak dikenal",
          "mungkin maksud Anda 'JAWA BARAT'"]),
        ("clusters.xlsx", "not a zip", ["bukan berkas Excel yang dapat dibaca"]),
    ],
)
def test_upload_errors_are_in_indonesian(name, data, words, vocabulary):
    """A coordinator's upload refused in Bahasa Indonesia: the validation message is Indonesian,
    names the file, row and column, and no English word is left in it."""
    at = open_id("clusters")
    at.file_uploader(key="upload").upload(name, data.encode(), "text/plain").run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors, [m.value for m in at.markdown]
    text = " ".join(errors)
    assert name in text
    for w in words:
        assert w in text, text
    assert english_words([("error", text)], vocabulary) == [], text


@pytest.mark.parametrize("cluster", ["jabar-3205-batik", "imk2025-bali"])
def test_cluster_brief_in_indonesian_has_no_english(con, cluster, vocabulary):
    """The printable brief a coordinator hands on, read back from the PDF: its profile
    (activities by their KBLI 2020 titles, products by BTKI), opportunities, next steps and
    method notes are all Indonesian."""
    import io

    from pypdf import PdfReader

    pdf = con.cluster(cluster).brief(lang="id")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert len(text) > 1000
    hits = english_words([("brief", line) for line in text.splitlines()], vocabulary)
    assert hits == [], hits[:20]


@pytest.mark.parametrize(("page", "params"), [
    ("sectors", {"country": "ATA"}),  # a country without exports in the chapter data
    ("markets", {"product": "99x"}),  # a malformed HS code
    ("data", {"product": "12345678"}),
])
def test_data_and_input_errors_are_in_indonesian(page, params, vocabulary):
    at = open_id(page, params)
    errors = [e.value for e in at.error]
    assert errors
    assert english_words([("error", e) for e in errors], vocabulary) == [], errors
