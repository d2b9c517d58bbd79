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
