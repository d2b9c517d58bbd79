"""Home: what the tool does, the loaded data's coverage and a product search."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import (
    cached_datasets,
    cached_products,
    cached_search,
    get_con,
    lang,
    set_url_state,
    t,
    table_with_download,
    url_state,
)
from gvc.errors import GvcError

st.title(t("app.title"))
st.write(t("home.intro"))

con = get_con()

st.subheader(t("home.coverage"))
ds = cached_datasets(con)[["name", "rows", "years", "coverage", "source", "licence"]]
ds = ds.assign(years=ds["years"].fillna("-").astype(str))  # lookups and concordances: no years
ds.columns = [t(f"col.{c}") for c in ds.columns]
table_with_download(ds, "gvc_datasets", key="dl_datasets")

st.subheader(t("home.search"))
c1, c2 = st.columns([3, 1])
query = c1.text_input(
    t("home.search"), value=url_state("q", t("home.search_default")), key="product_search",
    max_chars=100,
)
revs = ["HS92", "HS17", "HS22"]
rev = c2.selectbox(
    t("home.revision"),
    revs,
    index=revs.index(url_state("rev", "HS92")) if url_state("rev", "HS92") in revs else 0,
    key="product_revision",
)
set_url_state(q=query or None, rev=rev)
if query.strip():
    try:
        found = cached_search(con, query, rev)
    except GvcError as err:
        st.error(err.text(lang()))
    else:
        if found.empty:
            st.info(t("home.no_match"))
        else:
            language = lang()
            # the page's language: BTKI 2022 where it names the code, else its heading's name
            names = {lvl: cached_products(con, rev or "HS92", int(lvl)).set_index("code")[
                "description"] for lvl in set(found["level"])} if rev else {}
            local = [names[lvl].get(c) if lvl in names else None
                     for c, lvl in zip(found["code"], found["level"], strict=True)]
            shown = found.assign(
                description=pd.Series(local, index=found.index, dtype=object)
                .fillna(found["description_id"] if language == "id" else found["description"])
                .fillna(found["description"]),
                markets=[f"./markets?product={c}&lang={language}" for c in found["code"]],
                sectors=[
                    f"./sectors?kind=chapter&chapter={str(c)[:2]}&lang={language}"
                    for c in found["code"]
                ],
            )[["code", "level", "description", "section", "markets", "sectors"]]
            shown.columns = [t(f"col.{c}") for c in shown.columns]
            table_with_download(
                shown,
                "gvc_products",
                key="dl_products",
                column_config={
                    t("col.markets"): st.column_config.LinkColumn(
                        t("col.markets"), display_text=t("home.open_markets")
                    ),
                    t("col.sectors"): st.column_config.LinkColumn(
                        t("col.sectors"), display_text=t("home.open_sectors")
                    ),
                },
            )
