"""gvc Streamlit app: builds the navigation and runs the chosen page."""

from __future__ import annotations

import streamlit as st

from app_pages.common import language_selector, t

st.set_page_config(page_title="gvc: export readiness and GVC mapping", layout="wide")
language_selector()

pages = [
    st.Page("app_pages/home.py", title=t("nav.home"), icon=":material/home:", default=True),
]
st.navigation(pages).run()
