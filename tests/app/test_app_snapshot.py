"""The app follows the database: after an import replaces the snapshot, the next page run shows
the new data (no restart), cached results of the old snapshot are not served, and a session's
uploaded cluster registry is carried over to the new snapshot."""

from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

import gvc
from app_pages.i18n import LABELS
from gvc.clusters_registry import template_frames
from tests.helpers import DATA, REPO, baci_csv, private_home


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def _datasets(at: AppTest) -> list[str]:
    col = LABELS["col.name"]["en"]
    table = next(d.value for d in at.dataframe if col in d.value.columns)
    return list(table[col])


def test_the_app_follows_a_new_snapshot(tmp_path):
    st.cache_data.clear()
    st.cache_resource.clear()
    src = tmp_path / "BACI_HS17_Y2021_V202301.csv"
    baci_csv(src, 2021)
    with private_home(tmp_path / "home", build=True) as home:
        try:
            at = _run(AppTest.from_file(str(REPO / "app.py"), default_timeout=300))
            before = _datasets(at)
            assert not [n for n in before if "V202301" in n]
            # this session uploads a registry, then an analyst imports a BACI year
            up = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
            _run(up)
            up.switch_page("app_pages/clusters.py")
            _run(up)
            row = template_frames()["clusters"].assign(cluster_id="snap-1", name="Snapshot test")
            up.file_uploader(key="upload").upload(
                "snap_clusters.csv", row.to_csv(index=False).encode(), "text/csv"
            )
            _run(up)
            assert "snap_clusters" in up.selectbox(key="registry").options
            con = gvc.connect(home / "gvc.duckdb", data_dir=DATA)
            old_fingerprint = con.fingerprint
            con.import_file("baci", src)
            con.close()
            # the same sessions, next run: the new snapshot, without restarting the app
            after = _datasets(_run(at))
            assert len(after) == len(before) + 1
            assert set(before) < set(after)
            new = gvc.connect(home / "gvc.duckdb", data_dir=DATA)
            assert new.fingerprint != old_fingerprint
            assert after == list(new.datasets()["name"])
            new.close()
            _run(up)
            assert "snap_clusters" in up.selectbox(key="registry").options  # upload carried over
        finally:
            st.cache_data.clear()
            st.cache_resource.clear()
