"""Shared Streamlit helpers: the cached connection, language, URL state, error display."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import gvc
from app_pages.i18n import LANGUAGES, label
from gvc.cli.common import neutralise_formulas


@st.cache_resource
def get_con() -> gvc.Gvc:
    """Open (and on first use build) the gvc database once per process."""
    return gvc.connect()


def lang() -> str:
    """Return the current language code ('en' or 'id'), kept in the URL."""
    code = st.query_params.get("lang", "en")
    return code if code in LANGUAGES else "en"


def t(key: str) -> str:
    """Translate a label key into the current language."""
    return label(key, lang())


def language_selector() -> None:
    """Sidebar language switch; the choice lives in the URL (?lang=id)."""
    codes = list(LANGUAGES)
    choice = st.sidebar.radio(
        label("app.language", lang()), codes, index=codes.index(lang()),
        format_func=LANGUAGES.get, key="lang", horizontal=True,
    )
    if choice != st.query_params.get("lang", "en"):
        st.query_params["lang"] = choice


def url_state(key: str, default: str) -> str:
    """Read a view parameter from the URL (so a view can be shared)."""
    return st.query_params.get(key, default)


def set_url_state(**values: object) -> None:
    """Write view parameters into the URL."""
    for k, v in values.items():
        if v is None:
            st.query_params.pop(k, None)
        else:
            st.query_params[k] = str(v)


def table_with_download(df: pd.DataFrame, name: str, key: str) -> None:
    """Show a table and offer it as a CSV download (formula-safe)."""
    st.dataframe(df, hide_index=True, width="stretch")
    st.download_button(
        t("download.csv"), neutralise_formulas(df).to_csv(index=False).encode("utf-8"),
        file_name=f"{name}.csv", mime="text/csv", key=key,
    )
