"""The app's warm-up (app_pages.state): the first page run of a worker builds the cluster
opportunity context and the default IO model off the page's thread, and a failure there never
reaches a page."""

from __future__ import annotations

import logging
import threading

import pytest
import streamlit as st

from app_pages import state
from gvc.appserver import WARM_ENV


def _contexts(con) -> list[str]:
    return [k for k in con.store._memo if k.startswith("opportunity_context:")]


def test_warm_up_builds_the_context_the_clusters_page_uses(con) -> None:
    fresh = con.reopen()  # a new store: nothing memoised yet
    try:
        assert _contexts(fresh) == []
        state._warm(fresh)
        assert len(_contexts(fresh)) == 1
        # the default IO table's Leontief model is built and factorised for every session
        systems = fresh.store._lrus.get("io_systems", {})
        icio = [v for k, v in systems.items() if k[:2] == ("icio2025", 2022)]
        assert len(icio) == 1
        assert "solver" in icio[0].__dict__
        assert state.default_io_table(["icio2025", "wiod2013"]) == "icio2025"
        assert state.default_io_table(["wiod2013"]) == "wiod2013"
        # the page's call is the same computation: the list equals a cold one of another store
        want = con.cluster(state.WARM_CLUSTER).opportunities()
        got = fresh.cluster(state.WARM_CLUSTER).opportunities()
        assert got["hs4"].tolist() == want["hs4"].tolist()
        assert got["score"].to_numpy() == pytest.approx(want["score"].to_numpy(), abs=1e-12)
    finally:
        fresh.close()


def test_warm_up_failure_is_logged_not_raised(caplog) -> None:
    class Broken:
        def cluster(self, cluster_id: str):
            raise RuntimeError(f"no cluster {cluster_id}")

        def io_tables(self):
            raise RuntimeError("no IO tables")

    with caplog.at_level(logging.WARNING, logger=state.__name__):
        state._warm(Broken())  # type: ignore[arg-type]
    assert "warm-up of the clusters page failed: no cluster jabar-3205-batik" in caplog.text
    assert "warm-up of the IO model failed: no IO tables" in caplog.text


@pytest.mark.parametrize("flag", ["1", ""])
def test_only_app_workers_warm_up(con, monkeypatch, flag: str) -> None:
    """``gvc app`` sets GVC_APP_WARM for its Streamlit processes; tests and scripts do not."""
    monkeypatch.setenv("GVC_DB", str(con.path))
    monkeypatch.setenv(WARM_ENV, flag)
    started: list[str] = []
    monkeypatch.setattr(state, "_warm", lambda c: started.append(str(c.path)))
    st.cache_resource.clear()
    state.newest_con()
    for t in threading.enumerate():
        if t.name == "gvc-warm":
            t.join(timeout=60)
    assert started == ([str(con.path)] if flag == "1" else [])
    state.newest_con()  # the same snapshot: no second warm-up
    assert len(started) == (1 if flag == "1" else 0)
    st.cache_resource.clear()
