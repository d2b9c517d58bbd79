"""Compare countries: Indonesia beside its peers (exports, top products, ECI with and without the
Atlas filters, GVC participation where an IO table covers the country)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import (
    cached,
    cached_complexity,
    cached_complexity_years,
    cached_exporters,
    cached_io_tables,
    cached_participation,
    chart_with_data,
    country_label,
    fmt_usd,
    get_con,
    gvc_errors,
    lang,
    md_escape,
    pick,
    renamed,
    set_url_state,
    t,
    table_with_download,
    url_state,
)
from gvc import GvcError, i18n

PEERS = ["IDN", "VNM", "THA", "MYS", "PHL"]


@cached()
def cached_rankings_both(_con, year: int) -> pd.DataFrame:
    """ECI rankings of one year without and with the Atlas filters, side by side."""
    plain = _con.complexity_rankings(year, "HS92", 4)
    atlas = _con.complexity_rankings(year, "HS92", 4, atlas_filters=True)
    out = plain.rename(columns={"rank": "eci_rank_all", "eci": "eci_all", "coi": "coi_all"})
    atlas = atlas[["location", "rank", "eci"]].rename(
        columns={"rank": "eci_rank_atlas", "eci": "eci_atlas"})
    out = out.merge(atlas, on="location", how="left", validate="1:1")
    out.attrs = {"n_all": len(plain), "n_atlas": len(atlas)}
    return out


st.title(t("cmp.title"))
st.caption(t("cmp.intro"))
con = get_con()

years = cached_complexity_years(con, 4)
c1, c2 = st.columns([4, 1])
year = pick("common.year", years, key="year", default=2016 if 2016 in years else years[-1],
            where=c2)
with gvc_errors():
    exporters = cached_exporters(con, year, 4)
raw = url_state("countries", "")
chosen = [c for c in (raw.split(",") if raw else PEERS) if c in exporters][:12] or [
    c for c in PEERS if c in exporters]
label = country_label(con)
picked = c1.multiselect(t("cmp.countries"), exporters, default=chosen, format_func=label,
                        max_selections=12, key="compare_countries")
set_url_state(countries=",".join(picked) if picked else None)
if not picked:
    st.info(t("cmp.pick_some"))
    st.stop()

with gvc_errors(), st.spinner(t("common.computing")):
    ranks = cached_rankings_both(con, year)
n_all, n_atlas = ranks.attrs.get("n_all", len(ranks)), ranks.attrs.get("n_atlas", 0)
rows = ranks[ranks["location"].isin(picked)].set_index("location").reindex(picked)

st.subheader(t("cmp.eci"))
st.caption(t("cmp.filters_note", n_all=n_all, n_atlas=n_atlas))
table = pd.DataFrame({
    "country": [label(c) for c in picked],
    "export_value": [fmt_usd(v, lang()) for v in rows["export_value"]],
    "diversity": rows["diversity"].astype("Int64").to_numpy(),
    "eci_rank_atlas": [f"{int(r)} / {n_atlas}" if pd.notna(r) else t("cmp.not_ranked")
                       for r in rows["eci_rank_atlas"]],
    "eci_rank_all": [f"{int(r)} / {n_all}" for r in rows["eci_rank_all"]],
    "eci_atlas": rows["eci_atlas"].round(2).to_numpy(),
    "eci_all": rows["eci_all"].round(2).to_numpy(),
    "coi": rows["coi_all"].round(2).to_numpy(),
})
table_with_download(renamed(table), f"compare_{year}", key="dl_compare", excel=True)

long = pd.concat([
    pd.DataFrame({"country": [label(c) for c in picked], "rank": rows["eci_rank_atlas"].to_numpy(),
                  "ranking_kind": t("cmp.ranking_atlas", n=n_atlas)}),
    pd.DataFrame({"country": [label(c) for c in picked], "rank": rows["eci_rank_all"].to_numpy(),
                  "ranking_kind": t("cmp.ranking_all", n=n_all)}),
]).dropna()


def rank_chart() -> alt.Chart:
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("country:N", title=None, sort=[label(c) for c in picked],
                    axis=alt.Axis(labelLimit=260)),
            x=alt.X("rank:Q", title=t("cmp.rank_axis"), scale=alt.Scale(reverse=True)),
            color=alt.Color("ranking_kind:N", title=None, legend=alt.Legend(orient="bottom")),
            yOffset="ranking_kind:N",
            tooltip=["country", "ranking_kind", "rank"],
        )
        .properties(height=max(120, 46 * len(picked)))
    )


chart_with_data(rank_chart, renamed(long), f"compare_ranks_{year}", key="dl_compare_ranks",
                spec_key=("compare_ranks", year, tuple(picked)))

st.subheader(t("cmp.top_products"))
cols = st.columns(min(len(picked), 4))
tops = []
for n, code in enumerate(picked):
    with gvc_errors():
        cx = cached_complexity(con, year, 4, code)
    top = cx.nlargest(5, "export_value")[["product", "description", "export_value", "rca"]]
    total = float(cx["export_value"].sum())
    top = top.assign(country=code, share=top["export_value"] / total if total else 0.0)
    tops.append(top)
    with cols[n % len(cols)]:
        st.markdown(f"**{label(code)}**")
        for _, r in top.iterrows():
            share = i18n.percent(r["share"], lang(), 1)
            st.markdown(f"- {r['product']} {md_escape(str(r['description'])[:48])} — {share}")
with st.expander(t("chart.data")):
    table_with_download(renamed(pd.concat(tops, ignore_index=True)), f"compare_top_{year}",
                        key="dl_compare_top")

st.subheader(t("cmp.gvc"))
io_cat = cached_io_tables(con)
gvc_rows = []
for name in dict.fromkeys(io_cat["io_table"]):
    io_year = int(io_cat.loc[io_cat["io_table"] == name, "year"].max())
    try:
        part, _ = cached_participation(con, str(name), io_year, None)
    except GvcError:  # a table without value added (ICIO) has no participation
        continue
    have = part[part["region"].isin(picked)]
    for _, r in have.iterrows():
        gvc_rows.append({"country": label(r["region"]), "io_table": f"{name} {io_year}",
                         "backward_pct": round(100 * float(r["backward"]), 1),
                         "forward_pct": round(100 * float(r["forward"]), 1)})
if gvc_rows:
    st.caption(t("cmp.gvc_note"))
    table_with_download(renamed(pd.DataFrame(gvc_rows)), f"compare_gvc_{year}",
                        key="dl_compare_gvc")
missing = [label(c) for c in picked if label(c) not in {r["country"] for r in gvc_rows}]
if missing:
    st.info(t("cmp.gvc_missing", countries=", ".join(missing)))
