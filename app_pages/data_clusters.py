"""Cached gvc calls: clusters, their views, readiness, graduation, opportunities, questionnaire."""

from __future__ import annotations

import pandas as pd

import gvc
from app_pages.caching import cached

# -- cached gvc calls: clusters -------------------------------------------------------------------


@cached()
def cached_clusters(_con: gvc.Gvc, registry: str | None, uploads: tuple = ()) -> pd.DataFrame:
    """``con.clusters(registry)`` of a session view; ``uploads`` is its key (see cluster_con)."""
    del uploads
    return _con.clusters(registry)


@cached()
def cached_graduation(_con: gvc.Gvc, cluster_id: str, uploads: tuple = ()) -> pd.DataFrame:
    """``con.cluster(id).graduation()``."""
    del uploads
    return _con.cluster(cluster_id).graduation()


@cached()
def cached_cluster_views(
    _con: gvc.Gvc, cluster_id: str, language: str, uploads: tuple = ()
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The cluster's profile, graduation and readiness as text for people (no None/NaN cell):
    ``profile_view``, ``graduation_view`` and ``readiness_view`` of ``con.cluster(id)``."""
    del uploads
    c = _con.cluster(cluster_id)
    return c.profile_view(language), c.graduation_view(language), c.readiness_view(language)


@cached()
def cached_readiness(
    _con: gvc.Gvc,
    cluster_id: str,
    language: str,
    answers: tuple = (),
    mode: str = "cluster",
    uploads: tuple = (),
) -> tuple[pd.DataFrame, dict]:
    """``con.cluster(id).readiness(lang=..., answers=...)`` and its attrs (score, confidence)."""
    del uploads
    ans = {k: (list(v) if isinstance(v, tuple) else v) for k, v in answers}
    df = _con.cluster(cluster_id).readiness(lang=language, answers=ans or None, mode=mode)
    attrs = {k: v for k, v in df.attrs.items() if k in ("score", "confidence", "weights")}
    indicators = pd.DataFrame(df.attrs.get("indicators", []))
    attrs["indicators"] = indicators
    df.attrs = {}
    return df, attrs


@cached()
def cached_opportunities(_con: gvc.Gvc, cluster_id: str, uploads: tuple = ()) -> pd.DataFrame:
    """``con.cluster(id).opportunities()``."""
    del uploads
    df = _con.cluster(cluster_id).opportunities()
    return df.copy()


@cached()
def cached_questionnaire(_con: gvc.Gvc, mode: str, language: str) -> list[dict]:
    """``con.cluster_questionnaire(mode, lang)``."""
    return _con.cluster_questionnaire(mode, language)
