"""The app shell under Streamlit's AppTest."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app_pages.i18n import LABELS
from tests.helpers import REPO


@pytest.fixture(autouse=True)
def _fresh_app(con, monkeypatch):
    monkeypatch.setenv("GVC_DB", str(con.path))
    st.cache_data.clear()
    st.cache_resource.clear()


def test_home_page_runs():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert "gvc" in at.title[0].value
    assert len(at.dataframe) >= 2  # coverage and product search
    at.text_input(key="product_search").input("cocoa").run()
    assert not at.exception
    codes = at.dataframe[1].value.iloc[:, 0].astype(str)
    assert codes.str.startswith("18").any()


def test_home_page_in_bahasa():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params["lang"] = "id"
    at.run()
    assert not at.exception
    assert at.title[0].value == LABELS["app.title"]["id"]


def test_every_label_has_both_languages():
    missing = [k for k, v in LABELS.items() if not v.get("en") or not v.get("id")]
    assert missing == []


#: Indonesian searches and the HS92 headings a user would expect (written before the run).
SEARCHES = {
    "kopi": {"0901", "2101"},
    "mebel": {"9403"},
    "rotan": {"1401", "4601", "9401", "9403"},
    "batik": {"5208", "6214"},
    "udang": {"0306", "1605"},
    "rumput laut": {"1212"},
}


@pytest.mark.parametrize("query", sorted(SEARCHES))
def test_indonesian_words_find_their_products(con, query):
    found = set(con.products(query, revision="HS92", level=4)["code"])
    assert SEARCHES[query] <= found, (query, sorted(found))


def test_search_matches_whole_word_starts_and_folds_accents(con):
    udang = set(con.products("udang", revision="HS92", level=4)["code"])
    assert "8709" not in udang  # "gudang" (warehouse) in the work-truck heading
    rotan = set(con.products("rotan", revision="HS92", level=4)["code"])
    assert "8515" not in rotan  # "penyemprotan"
    assert set(con.products("KOPI", revision="HS92", level=4)["code"]) == set(
        con.products("kópi", revision="HS92", level=4)["code"])


def test_home_search_in_bahasa_shows_indonesian_names_and_links():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params["lang"] = "id"
    at.run()
    at.text_input(key="product_search").input("kopi").run()
    assert not at.exception
    table = at.dataframe[1].value
    row = table[table[LABELS["col.code"]["id"]] == "0901"].iloc[0]
    assert row[LABELS["col.description"]["id"]].startswith("Kopi, digongseng")
    assert row[LABELS["col.markets"]["id"]] == "./markets?product=0901&lang=id"
    assert row[LABELS["col.sectors"]["id"]] == "./sectors?kind=chapter&chapter=09&lang=id"
