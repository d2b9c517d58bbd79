"""Diversification: Atlas-style growth opportunities for a country (strategy, table, treemap)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import squarify
import streamlit as st

from app_pages.common import (
    cached,
    cached_complexity_years,
    cached_exporters,
    cached_growth,
    cached_products,
    cached_sections,
    chart_with_data,
    country_label,
    fmt_num,
    fmt_usd,
    get_con,
    gvc_errors,
    lang,
    pick,
    renamed,
    t,
    table_with_download,
    url_number,
)

STRATEGIES = ["auto", "light_touch", "parsimonious", "strategic_bets", "low_hanging_fruit",
              "long_jumps"]


@cached()
def treemap_rects(frame: pd.DataFrame, width: float = 1000.0, height: float = 560.0
                  ) -> pd.DataFrame:
    """Squarified treemap of the opportunities: one rectangle per product, grouped by section.

    Areas are the products' world trade (the size of the market to enter); sections are laid
    out first, then the products inside each section's rectangle (Bruls, Huizing and van Wijk
    2000, through the ``squarify`` package).
    """
    rows = []
    by_section = frame.groupby("section", sort=False)["world_trade"].sum().sort_values(
        ascending=False)
    by_section = by_section[by_section > 0]
    if by_section.empty:
        return pd.DataFrame()
    outer = squarify.squarify(
        squarify.normalize_sizes(by_section.to_list(), width, height), 0, 0, width, height)
    for section, box in zip(by_section.index, outer, strict=True):
        part = frame[(frame["section"] == section) & (frame["world_trade"] > 0)]
        part = part.sort_values("world_trade", ascending=False)
        inner = squarify.squarify(
            squarify.normalize_sizes(part["world_trade"].to_list(), box["dx"], box["dy"]),
            box["x"], box["y"], box["dx"], box["dy"])
        for (_, r), b in zip(part.iterrows(), inner, strict=True):
            rows.append({**r.to_dict(), "x": b["x"], "x2": b["x"] + b["dx"], "y": b["y"],
                         "y2": b["y"] + b["dy"], "big": b["dx"] * b["dy"] > 2500})
    return pd.DataFrame(rows)


st.title(t("div.title"))
st.caption(t("div.intro"))
con = get_con()

c1, c2, c3, c4 = st.columns([2, 1, 2, 1])
years = cached_complexity_years(con, 4)
year = pick("common.year", years, key="year", default=2016 if 2016 in years else years[-1],
            where=c2)
with gvc_errors():
    exporters = cached_exporters(con, year, 4)
country = pick("common.country", exporters, key="country", default="IDN", where=c1,
               format_func=country_label(con))
strategy = pick("div.strategy", STRATEGIES, key="strategy", default="auto", where=c3,
                format_func=lambda s: t(f"div.strategy_{s}"))
top = url_number("div.top", "top", "diversification", 20, 300, 100, step=20, where=c4)

with gvc_errors(), st.spinner(t("common.computing")):
    growth, attrs = cached_growth(con, country, year, 4, None if strategy == "auto" else strategy)

used = str(attrs["strategy"])
m = st.columns(4)
m[0].metric(t("div.eci"), fmt_num(attrs['eci'], 2), help=t("div.eci_help"))
m[1].metric(t("div.coi"), fmt_num(attrs['coi'], 2), help=t("div.coi_help"))
m[2].metric(t("div.strategy_used"), t(f"div.strategy_{used}"))
w = attrs["weights"]
m[3].metric(t("div.weights"), " / ".join(fmt_num(w[k], 2) for k in ("distance", "pci", "cog")),
            help=t("div.weights_help"))
st.info(t(f"div.why_{used}"))
with st.expander(t("div.explain_title")):
    st.markdown(t("div.explain"))

names = cached_products(con, "HS92", 4).set_index("code")
sections = cached_sections(con).set_index("section")["name"]
shown = growth.head(top).copy()
shown["description"] = shown["product"].astype(str).map(names["description"]).fillna(
    shown["description"])
shown["section"] = shown["product"].astype(str).map(names["section"])
shown["section_name"] = shown["section"].map(sections).fillna("-")
shown["label"] = shown["product"].astype(str) + " " + shown["description"].fillna("").str.slice(
    0, 28)

st.subheader(t("div.treemap", n=len(shown)))
st.caption(t("div.treemap_note"))
rects = treemap_rects(shown[["product", "description", "label", "section", "section_name",
                             "world_trade", "distance", "pci", "cog", "score", "rank"]])


def treemap() -> alt.Chart:
    base = alt.Chart(rects).encode(
        x=alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, 1000])),
        x2="x2:Q",
        y=alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[0, 560], reverse=True)),
        y2="y2:Q",
    )
    boxes = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("section_name:N", title=t("div.section"),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=260)),
        tooltip=[
            alt.Tooltip("product:N", title=t("col.product")),
            alt.Tooltip("description:N", title=t("col.description")),
            alt.Tooltip("section_name:N", title=t("div.section")),
            alt.Tooltip("world_trade:Q", title=t("col.world_trade"), format=",.0f"),
            alt.Tooltip("distance:Q", title=t("col.distance"), format=".2f"),
            alt.Tooltip("pci:Q", title="PCI", format=".2f"),
            alt.Tooltip("cog:Q", title="COG", format=".2f"),
            alt.Tooltip("score:Q", title=t("col.growth_score"), format=".2f"),
            alt.Tooltip("rank:Q", title=t("col.rank")),
        ],
    )
    text = base.transform_filter(alt.datum.big).mark_text(
        align="left", baseline="top", dx=3, dy=3, fontSize=10, color="white", limit=120
    ).encode(x="x:Q", y="y:Q", text="label:N")
    return (boxes + text).properties(height=600)


if rects.empty:
    st.warning(t("div.no_opportunities"))
else:
    chart_with_data(treemap, renamed(shown.drop(columns=["label", "section"]).rename(
        columns={"score": "growth_score"})),
                    f"diversification_treemap_{country}_{year}", key="dl_div_treemap",
                    spec_key=("div_treemap", country, year, used, top))

st.subheader(t("div.table"))
table = shown[["rank", "product", "description", "section_name", "world_trade", "export_value",
               "rca", "distance", "pci", "cog", "score"]].rename(
                   columns={"score": "growth_score"})
table["world_trade"] = table["world_trade"].map(lambda v: fmt_usd(v, lang()))
table["export_value"] = table["export_value"].map(lambda v: fmt_usd(v, lang()))
table_with_download(
    renamed(table), f"diversification_{country}_{year}", key="dl_div_table", excel=True,
    column_config={
        t("col.rca"): st.column_config.NumberColumn(format="%.2f"),
        t("col.distance"): st.column_config.NumberColumn(format="%.3f"),
        t("col.pci"): st.column_config.NumberColumn(format="%.2f"),
        t("col.cog"): st.column_config.NumberColumn(format="%.2f"),
        t("col.growth_score"): st.column_config.NumberColumn(format="%.2f"),
    },
)
