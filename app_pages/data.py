"""Data: every loaded dataset with its years, grain, source, licence and what it feeds; what the
loaded data give for one product, and the commands that add the rest."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import (
    cached_countries,
    cached_data_gaps,
    cached_datasets,
    country_label,
    get_con,
    gvc_errors,
    pick,
    renamed,
    t,
    table_with_download,
)
from gvc.download import SOURCES
from gvc.imports import KINDS

st.title(t("data.title"))
st.caption(t("data.intro"))
con = get_con()

st.subheader(t("data.datasets"))
ds = cached_datasets(con)[
    ["name", "years", "coverage", "source", "licence", "feeds", "rows", "table_name"]
]
ds = ds.assign(years=ds["years"].fillna("-").astype(str))  # lookups and concordances: no years
table_with_download(renamed(ds), "gvc_datasets", key="dl_data_datasets")

st.subheader(t("data.product"))
c1, c2 = st.columns([1, 2])
product = c1.text_input(
    t("markets.product"), value="9403", key="product", max_chars=12, bind="query-params"
)
countries = list(cached_countries(con)["iso3"])
exporter = pick(
    "markets.exporter", countries, key="exporter", default="IDN", where=c2,
    format_func=country_label(con),
)
with gvc_errors():
    gaps = cached_data_gaps(con, str(product).strip(), exporter)
view = gaps.assign(
    analysis=[t(f"data.gap_{k}") for k in gaps["key"]],
    status=[t(f"data.status_{s}") for s in gaps["status"]],
)[["analysis", "status", "years", "source", "grain", "command"]]
missing = gaps[(gaps["status"] == "missing").to_numpy()]
loaded = len(gaps) - len(missing)
st.write(t("data.product_summary", product=str(product).strip(), loaded=loaded,
           total=len(gaps)))
for k, cmd in zip(missing["key"], missing["command"], strict=True):
    st.markdown(f"- {t('data.to_add', analysis=t(f'data.gap_{k}'))} `{cmd}`")
table_with_download(renamed(view), f"gvc_data_{product}", key="dl_data_gaps")

st.subheader(t("data.commands"))
st.write(t("data.commands_intro"))
howto = pd.DataFrame(
    [
        {"command": f"gvc download {s}", "source": t(f"data.where_{s}")}
        for s in SOURCES
    ]
    + [
        {"command": f"gvc import {k} FILE", "source": t("data.import_kind", kind=k)}
        for k in KINDS
    ]
)
table_with_download(renamed(howto), "gvc_data_commands", key="dl_data_commands")
st.caption(t("data.commands_note"))
