"""gvc Streamlit app: builds the navigation and runs the chosen page."""

from __future__ import annotations

import streamlit as st

from app_pages.common import begin_run, language_selector, t

st.set_page_config(page_title="gvc: export readiness and GVC mapping", layout="wide")
begin_run()  # every page of this run reads the same (newest) database snapshot
language_selector()
# a metric's value wraps instead of being cut ("USD 157,2 mi…" was cut in four columns)
st.html(
    "<style>[data-testid='stMetricValue'] > div {white-space: normal; overflow: visible;"
    " text-overflow: clip; line-height: 1.15} [data-testid='stMetricValue']"
    " {font-size: 1.9rem}</style>"
)

pages = [
    st.Page("app_pages/home.py", title=t("nav.home"), icon=":material/home:", default=True),
    st.Page(
        "app_pages/overview.py",
        title=t("nav.overview"),
        icon=":material/flag:",
        url_path="overview",
    ),
    st.Page(
        "app_pages/sectors.py",
        title=t("nav.sectors"),
        icon=":material/category:",
        url_path="sectors",
    ),
    st.Page(
        "app_pages/paths.py", title=t("nav.paths"), icon=":material/account_tree:", url_path="paths"
    ),
    st.Page(
        "app_pages/markets.py", title=t("nav.markets"), icon=":material/public:", url_path="markets"
    ),
    st.Page(
        "app_pages/diversification.py",
        title=t("nav.diversification"),
        icon=":material/trending_up:",
        url_path="diversification",
    ),
    st.Page(
        "app_pages/compare.py",
        title=t("nav.compare"),
        icon=":material/compare_arrows:",
        url_path="compare",
    ),
    st.Page(
        "app_pages/trends.py",
        title=t("nav.trends"),
        icon=":material/show_chart:",
        url_path="trends",
    ),
    st.Page(
        "app_pages/clusters.py",
        title=t("nav.clusters"),
        icon=":material/hub:",
        url_path="clusters",
    ),
    st.Page(
        "app_pages/province.py",
        title=t("nav.province"),
        icon=":material/map:",
        url_path="province",
    ),
    st.Page(
        "app_pages/self_assessment.py",
        title=t("nav.self_assessment"),
        icon=":material/checklist:",
        url_path="self_assessment",
    ),
    st.Page("app_pages/data.py", title=t("nav.data"), icon=":material/database:", url_path="data"),
]
st.navigation(pages).run()
