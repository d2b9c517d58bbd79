"""Profiles that say what is known (issue 15.4): no None/NaN cell in any shipped cluster's views."""

from __future__ import annotations

import pandas as pd
import pytest


def _bad_cells(frame: pd.DataFrame) -> list[tuple[object, object]]:
    out = []
    for col in frame.columns:
        for i, v in frame[col].items():
            if (
                v is None
                or (isinstance(v, float) and pd.isna(v))
                or (isinstance(v, str) and (v.strip() in ("", "nan", "None", "NaN") or v == "nan"))
            ):
                out.append((i, col))
    return out


@pytest.fixture(scope="module")
def shipped(con) -> pd.DataFrame:
    return con.clusters().loc[lambda d: d["registry"].isin(["bps_imk2025", "jabar_umkm"])]


def test_every_shipped_cluster_view_has_no_empty_cell(con, shipped: pd.DataFrame) -> None:
    assert len(shipped) == 38 + 243
    for cid in shipped["cluster_id"]:
        c = con.cluster(cid)
        for lang in ("en", "id"):
            prof = c.profile_view(lang)
            assert not _bad_cells(prof), (cid, lang, _bad_cells(prof)[:3])
        rv = c.readiness_view()
        gv = c.graduation_view()
        assert not _bad_cells(rv), (cid, _bad_cells(rv)[:3])
        assert not _bad_cells(gv), (cid, _bad_cells(gv)[:3])
        assert not any("nan" in str(v).lower().split() for v in rv["score"]), cid


def test_garut_batik_profile_fills_what_the_sources_support(con) -> None:
    c = con.cluster("jabar-3205-batik")
    prof = c.profile_view().set_index("field")
    # BPS IMK 2025, JAWA BARAT: 11.6% with loans, 19.2% partnerships, 60.1% internet (prior)
    imk = con.cluster("imk2025-jawa-barat").record
    assert prof.loc["share_credit", "basis"] == "provincial prior"
    assert prof.loc["share_credit", "value"].startswith(f"{imk['share_credit']:.1%}")
    assert "not this cluster's own figure" in prof.loc["share_internet", "value"]
    # size and growth from the Open Data Jabar series 2017-2021 (hand check: 641 -> 814)
    trend = prof.loc["units_trend", "value"]
    assert trend.startswith("2017: 641;")
    assert "2021: 814" in trend
    assert f"{(814 / 641) ** 0.25 - 1:+.1%}/yr" in trend
    # unknown fields: one sentence naming the template column
    assert prof.loc["export_share", "basis"] == "missing"
    assert "template column 'export_share'" in prof.loc["export_share", "value"]
    pid = c.profile_view("id").set_index("field")
    assert "kolom templat 'export_share'" in pid.loc["export_share", "value"]
    # readiness scores the levers the prior supports, and says so
    r = c.readiness()
    assert r.attrs["prior_fields"] == ["share_credit", "share_partnership", "share_internet"]
    part = r.set_index("lever").loc["partnership", "score"]
    assert part == pytest.approx(100 * imk["share_partnership"], abs=1e-9)
    rv = c.readiness_view().set_index("lever")
    assert rv.loc["standards", "score"] == "not scored"
    assert "certifications" in rv.loc["standards", "to_add"]


def test_culinary_cluster_says_no_traded_goods(con) -> None:
    prof = con.cluster("jabar-3273-kuliner").profile_view().set_index("field")
    assert prof.loc["hs_products", "value"].startswith("No traded goods")
    # the manufacturing prior does not apply to food service (KBLI 56)
    assert prof.loc["share_credit", "basis"] == "missing"


def test_imk_clusters_keep_their_own_shares(con) -> None:
    c = con.cluster("imk2025-bali")
    prof = c.profile_view().set_index("field")
    assert prof.loc["share_credit", "basis"] == "given"
    assert prof.loc["share_credit", "value"] == f"{c.record['share_credit']:.1%}"
    assert c.readiness().attrs["prior_fields"] == []
