"""No widget state is shared between pages by accident (issue 17, item 1).

Every page is opened with every number widget at its extreme (and every text box holding an
awkward value); then every other page is opened in the same session. No page may raise: two
pages that use the same URL parameter with different ranges (``top`` is 5-60 on Market targets
and 5-200 on Linkage paths) must each clamp it into their own range.
"""

from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.helpers import REPO

#: The pages of the app's navigation (app.py), not the helper modules beside them.
PAGES = sorted(set(re.findall(r'"app_pages/([a-z_]+)\.py"', (REPO / "app.py").read_text())))


@pytest.fixture(autouse=True)
def _fresh_app(con, monkeypatch):
    monkeypatch.setenv("GVC_DB", str(con.path))
    st.cache_data.clear()
    st.cache_resource.clear()


def _push_to(at: AppTest, end: str) -> int:
    """Set every number input and slider of the current page to its max or min; count them."""
    n = 0
    for w in [*at.number_input, *at.slider]:
        lo, hi = w.min, w.max
        if lo is None or hi is None:
            continue
        w.set_value(hi if end == "max" else lo)
        n += 1
    return n


@pytest.mark.slow
@pytest.mark.parametrize("end", ["max", "min"])
def test_every_pair_of_pages_with_extreme_widgets(end):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    at.run()
    assert not at.exception, at.exception
    pushed = 0
    for first in PAGES:
        at.switch_page(f"app_pages/{first}.py").run()
        assert not at.exception, (first, at.exception)
        pushed += _push_to(at, end)
        at.run()
        assert not at.exception, (first, end, at.exception)
        for second in PAGES:
            if second == first:
                continue
            at.switch_page(f"app_pages/{second}.py").run()
            assert not at.exception, (first, "->", second, end, at.exception)
        at.switch_page(f"app_pages/{first}.py").run()
        assert not at.exception, (first, "again", at.exception)
    assert pushed >= 3  # Market targets' and Linkage paths' widgets were really moved


def test_url_number_clamps_a_foreign_range():
    # ?top=200 is valid on Linkage paths, not on Market targets (max 60): clamped, no error
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    at.query_params["top"] = "200"
    at.run()
    at.switch_page("app_pages/markets.py").run()
    assert not at.exception, at.exception
    assert [s.value for s in at.slider] == [60]
    at.switch_page("app_pages/paths.py").run()
    assert not at.exception, at.exception
    top = [w.value for w in at.number_input if w.max == 200]
    assert top == [60]  # the markets page wrote 60 back into the URL; valid here, kept
    # a link with junk or huge values (a new browser session): defaults and the range's end
    fresh = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    fresh.query_params["top"] = "junk"
    fresh.query_params["depth"] = "1e9"
    fresh.run()
    fresh.switch_page("app_pages/paths.py").run()
    assert not fresh.exception, fresh.exception
    assert sorted(w.value for w in fresh.number_input) == [8, 30]
