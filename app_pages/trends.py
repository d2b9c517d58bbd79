"""Trends: a country's exports by HS chapter over time and its ECI rank year by year."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import (
    cached,
    cached_complexity_years,
    cached_exporters,
    cached_products,
    chart_with_data,
    country_label,
    fmt_usd,
    get_con,
    gvc_errors,
    lang,
    pick,
    renamed,
    t,
    url_number,
)
from gvc import i18n


@cached()
def cached_chapter_series(_con, country: str) -> pd.DataFrame:
    """The country's exports by HS chapter for every year of the HS 2-digit source."""
    df = _con.exports(exporter=country, level=2)
    return df.groupby(["source", "year", "product"], as_index=False)["value_usd"].sum()


@cached()
def cached_rank_series(_con, country: str, years: tuple[int, ...]) -> pd.DataFrame:
    """The country's computed ECI and rank (HS 2 digits, all exporters) in every year."""
    rows = []
    for y in years:
        r = _con.complexity_rankings(y, "HS92", 2)
        me = r[r["location"] == country]
        if not me.empty:
            rows.append({"year": y, "eci": float(me["eci"].iloc[0]),
                         "rank": int(me["rank"].iloc[0]), "countries": len(r)})
    return pd.DataFrame(rows)


st.title(t("trends.title"))
st.caption(t("trends.intro"))
con = get_con()
c1, c2 = st.columns([3, 1])
years2 = cached_complexity_years(con, 2)
with gvc_errors():
    exporters = cached_exporters(con, years2[-1], 2)
country = pick("common.country", exporters, key="country", default="IDN", where=c1,
               format_func=country_label(con))
top = url_number("trends.top", "top", "trends", 3, 20, 8, where=c2)

with gvc_errors(), st.spinner(t("common.computing")):
    series = cached_chapter_series(con, country)
if series.empty:
    st.warning(t("trends.no_data"))
    st.stop()
names = cached_products(con, "HS92", 2).set_index("code")["description"]
series = series.assign(description=series["product"].astype(str).map(names).fillna(""))
source = str(series["source"].iloc[0])
first, last = int(series["year"].min()), int(series["year"].max())
latest = series[series["year"] == last].nlargest(top, "value_usd")["product"].tolist()
shown = series.assign(
    chapter=series["product"].where(series["product"].isin(latest), "other"),
)
shown["chapter_label"] = shown.apply(
    lambda r: f"{r['product']} {r['description'][:34]}" if r["chapter"] != "other"
    else t("trends.other"), axis=1)
stacked = shown.groupby(["year", "chapter_label"], as_index=False)["value_usd"].sum()
totals = series.groupby("year")["value_usd"].sum()
m = st.columns(3)
m[0].metric(t("trends.exports", year=last), fmt_usd(totals.loc[last], lang()))
m[1].metric(t("trends.exports", year=first), fmt_usd(totals.loc[first], lang()))
cagr = (totals.loc[last] / totals.loc[first]) ** (1 / max(last - first, 1)) - 1
m[2].metric(t("trends.cagr", first=first, last=last),
            i18n.percent(cagr, lang(), 1))

st.subheader(t("trends.by_chapter", first=first, last=last))
st.caption(t("trends.by_chapter_note", source=source, n=top))


def area() -> alt.Chart:
    return (
        alt.Chart(stacked)
        .mark_area()
        .encode(
            x=alt.X("year:O", title=t("col.year")),
            y=alt.Y("value_usd:Q", title=t("col.value_usd"), axis=alt.Axis(format="~s")),
            color=alt.Color("chapter_label:N", title=t("col.product"),
                            legend=alt.Legend(orient="right", labelLimit=280)),
            tooltip=[alt.Tooltip("year:O", title=t("col.year")),
                     alt.Tooltip("chapter_label:N", title=t("col.product")),
                     alt.Tooltip("value_usd:Q", title=t("col.value_usd"), format=",.0f")],
        )
        .properties(height=380)
    )


chart_with_data(area, renamed(series.drop(columns=["source"])), f"exports_by_chapter_{country}",
                key="dl_trend_chapters", spec_key=("trend_chapters", country, top))

st.subheader(t("trends.eci", first=years2[0], last=years2[-1]))
st.caption(t("trends.eci_note"))
with gvc_errors(), st.spinner(t("common.computing")):
    ranks = cached_rank_series(con, country, tuple(years2))


def rank_line() -> alt.Chart:
    return (
        alt.Chart(ranks)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=t("col.year")),
            y=alt.Y("rank:Q", title=t("trends.rank_axis"), scale=alt.Scale(reverse=True)),
            tooltip=[alt.Tooltip("year:O", title=t("col.year")),
                     alt.Tooltip("rank:Q", title=t("col.rank")),
                     alt.Tooltip("countries:Q", title=t("trends.of")),
                     alt.Tooltip("eci:Q", title="ECI", format=".2f")],
        )
        .properties(height=260)
    )


if not ranks.empty:
    chart_with_data(rank_line, renamed(ranks), f"eci_rank_{country}", key="dl_trend_eci",
                    spec_key=("trend_eci", country, tuple(years2)))
