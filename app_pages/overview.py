"""Overview: a country's export profile, complexity, GVC participation and the data coverage."""

from __future__ import annotations

import altair as alt
import streamlit as st

from app_pages.common import (
    cached_complexity,
    cached_complexity_years,
    cached_coverage,
    cached_exporters,
    cached_exports_by_destination,
    cached_io_labels,
    cached_io_tables,
    cached_participation,
    cached_rankings,
    cached_rankings_atlas,
    chart_with_data,
    country_label,
    country_labels,
    fmt_num,
    fmt_pct,
    fmt_usd,
    get_con,
    gvc_errors,
    lang,
    pick,
    renamed,
    show_notes,
    t,
    table_with_download,
    with_country_names,
)
from app_pages.data_published import (
    cached_adb_participation,
    cached_icio_structure,
    cached_partners_latest,
    cached_published_eci,
)
from gvc import i18n

st.title(t("overview.title"))
st.caption(t("overview.intro"))
con = get_con()

c1, c2, c3 = st.columns([2, 1, 1])
level = pick(
    "common.level",
    [4, 2],
    key="level",
    default=4,
    where=c3,
    format_func=lambda v: t("common.digits", n=v),
)
years = cached_complexity_years(con, level)
year = pick(
    "common.year", years, key="year", default=2016 if 2016 in years else years[-1], where=c2
)
with gvc_errors():
    exporters = cached_exporters(con, year, level)
country = pick(
    "common.country",
    exporters,
    key="country",
    default="IDN",
    where=c1,
    format_func=country_label(con),
)

# -- the current figures: each with its own year and source ----------------------------------
st.subheader(t("overview.current"))
partners = cached_partners_latest(con) if country == "IDN" else None
if partners is not None:
    partners = with_country_names(con, partners, "partner", "partner_name")
adb = cached_adb_participation(con, country)
if len(adb) and "economy_name" in adb:
    adb = with_country_names(con, adb, "economy", "economy_name")
eci_pub = cached_published_eci(con, country)
with gvc_errors(), st.spinner(t("common.computing")):
    icio = cached_icio_structure(con, country)
figures: list[tuple[str, str, str | None]] = []  # label, value, help
if partners is not None and len(partners):
    p_year = int(partners["year"].iloc[0])
    figures.append((t("overview.exports_now", year=p_year, source="UN Comtrade"),
                    fmt_usd(float(partners["world_usd"].iloc[0])), None))
if len(eci_pub):
    e = eci_pub.iloc[-1]
    figures.append((t("overview.eci_rank_now", year=int(e["year"])),
                    f"{int(e['eci_rank'])} / {int(e['ranked_countries'])}",
                    t("overview.eci_rank_now_help")))
adb_mine = adb[adb["economy"] == country] if len(adb) else adb
if len(adb_mine):
    a = adb_mine.sort_values("year").iloc[-1]
    figures.append((t("overview.adb_participation", year=int(a["year"])),
                    fmt_pct(a['gvcp_trade'], 1), t("overview.adb_help")))
if len(icio):
    figures.append((t("overview.icio_output", year=2022),
                    fmt_usd(float(icio["output"].sum()) * 1e6), None))
for col, (label_text, value, help_text) in zip(st.columns(4), figures, strict=False):
    col.metric(label_text, value, help=help_text)
if partners is None and not len(adb_mine) and not len(icio):
    st.info(t("overview.no_current", country=country))

cur_left, cur_right = st.columns(2)
with cur_left:
    if partners is not None and len(partners):
        st.markdown(f"**{t('overview.partners', year=p_year)}**")
        top_p = partners.nlargest(15, "value_usd")[
            ["partner", "partner_name", "value_usd", "share_of_world", "growth_5y_pct"]
        ]
        top_p = top_p.assign(label=top_p["partner"] + " · " + top_p["partner_name"])

        def partners_chart() -> alt.Chart:
            return (
                alt.Chart(top_p)
                .mark_bar(color="#2a9d8f")
                .encode(
                    x=alt.X("value_usd:Q", title="USD"),
                    y=alt.Y("label:N", sort="-x", title=t("col.destination"),
                            axis=alt.Axis(labelLimit=260, labelOverlap=False)),
                    tooltip=[
                        "partner", "partner_name",
                        alt.Tooltip("value_usd:Q", format=",.0f"),
                        alt.Tooltip("share_of_world:Q", format=".1%"),
                        alt.Tooltip("growth_5y_pct:Q", format=".1f"),
                    ],
                )
                .properties(height=340)
            )

        chart_with_data(
            partners_chart, renamed(top_p.drop(columns="label")), f"partners_{country}_{p_year}",
            key="dl_partners",
            spec_key=("partners", country, p_year),
        )
        st.caption(t("overview.partners_source", year=p_year, start=p_year - 5))
    else:
        st.info(t("overview.partners_idn_only", country=country))
with cur_right:
    if len(adb):
        st.markdown(f"**{t('overview.adb_series')}**")
        series = adb.assign(me=adb["economy"] == country)

        def adb_chart() -> alt.Chart:
            return (
                alt.Chart(series)
                .mark_line(point=True)
                .encode(
                    x=alt.X("year:O", title=t("col.year")),
                    y=alt.Y("gvcp_trade:Q", axis=alt.Axis(format="%"),
                            title=t("overview.participation")),
                    color=alt.Color("economy:N", title=""),
                    strokeWidth=alt.condition(alt.datum.me, alt.value(3.5), alt.value(1.2)),
                    tooltip=["economy", "economy_name", "year",
                             alt.Tooltip("gvcp_trade:Q", format=".1%"),
                             alt.Tooltip("gvcp_trade_backward:Q", format=".1%"),
                             alt.Tooltip("gvcp_trade_forward:Q", format=".1%")],
                )
                .properties(height=340)
            )

        chart_with_data(
            adb_chart, renamed(adb), f"adb_participation_{country}", key="dl_adb",
            spec_key=("adb", country),
        )
        st.caption(t("overview.adb_source"))
if len(icio):
    st.markdown(f"**{t('overview.icio_structure', year=2022)}**")
    shown = icio.head(12).round({"output": 1, "inputs_abroad": 1, "abroad_share": 3})
    table_with_download(renamed(shown), f"icio2022_industries_{country}",
                        key="dl_icio_structure")
    st.caption(t("overview.icio_source"))

# -- the older tables: product exports and final demand by destination -----------------------
st.subheader(t("overview.older"))
st.caption(t("overview.older_note"))
with gvc_errors(), st.spinner(t("common.computing")):
    cx = cached_complexity(con, year, level, country)
    ranks = cached_rankings(con, year, level)

row = ranks[ranks["location"] == country].iloc[0]
source_name = "Atlas HS92" if level == 4 else "BACI HS92"
total = float(cx["export_value"].sum())
m = st.columns(4)
m[0].metric(t("overview.exports", year=year, source=source_name), fmt_usd(total))
m[1].metric(t("overview.eci"), fmt_num(row['eci'], 2), help=t("overview.eci_help"))
atlas_ranks = cached_rankings_atlas(con, year, level)
mine_atlas = atlas_ranks[atlas_ranks["location"] == country]
m[2].metric(t("overview.eci_rank"), f"{int(row['rank'])} / {len(ranks)}",
            help=t("overview.eci_rank_help", n=len(ranks), country=country,
                   atlas=int(mine_atlas["rank"].iloc[0]) if len(mine_atlas) else "-",
                   n_atlas=len(atlas_ranks)))
m[3].metric(t("overview.diversity"), f"{int(row['diversity'])}", help=t("overview.diversity_help"))

left, right = st.columns(2)
with left:
    st.subheader(t("overview.top_products"))
    top = cx.nlargest(15, "export_value")[
        ["product", "description", "export_value", "market_share", "rca", "pci"]
    ]
    top = top.assign(item=top["product"] + " " + top["description"].fillna("").str.slice(0, 32))

    def top_chart() -> alt.Chart:
        return (
            alt.Chart(top)
            .mark_bar()
            .encode(
                x=alt.X("export_value:Q", title=t("col.export_value")),
                y=alt.Y("item:N", sort="-x", title=None),
                color=alt.Color("rca:Q", title="RCA", scale=alt.Scale(scheme="greens")),
                tooltip=[
                    "product",
                    "description",
                    alt.Tooltip("export_value:Q", format=",.0f"),
                    alt.Tooltip("rca:Q", format=".2f"),
                    alt.Tooltip("pci:Q", format=".2f"),
                ],
            )
            .properties(height=380)
        )

    chart_with_data(
        top_chart,
        renamed(top.drop(columns="item")),
        f"top_products_{country}_{year}",
        key="dl_top_products",
        spec_key=("top_products", country, year, level),
    )

io_cat = cached_io_tables(con)
# top markets and participation need final demand by destination and VA: WIOD 2013
_io_names = list(dict.fromkeys(io_cat["io_table"]))
io_name = ("wiod2013" if "wiod2013" in _io_names else _io_names[-1]) if _io_names else None
io_year = int(io_cat.loc[io_cat["io_table"] == io_name, "year"].max()) if io_name else None
with right:
    st.subheader(t("overview.top_markets"))
    in_io = False
    if io_name:
        with gvc_errors():
            labels, notes = cached_io_labels(con, io_name, io_year)
        in_io = country in set(labels["region"])
    if in_io:
        with gvc_errors(), st.spinner(t("common.computing")):
            dest, notes = cached_exports_by_destination(con, io_name, io_year, country)
        markets = (
            dest[dest["destination"] != "ROW"]  # the rest of the world is no market
            .groupby("destination", as_index=False)[["intermediate", "final", "total"]]
            .sum()
            .nlargest(15, "total")
        )
        st.caption(t("overview.markets_source", table=io_name, year=io_year))
        long = markets.assign(label=country_labels(con, markets["destination"])).melt(
            id_vars=["destination", "label"],
            value_vars=["intermediate", "final"],
            var_name="use",
            value_name="value",
        )
        long["use"] = long["use"].map(lambda u: t(f"col.{u}"))

        def markets_chart() -> alt.Chart:
            return (
                alt.Chart(long)
                .mark_bar()
                .encode(
                    x=alt.X("sum(value):Q", title=t("overview.musd")),
                    y=alt.Y("label:N", sort="-x", title=t("col.destination"),
                            axis=alt.Axis(labelOverlap=False, labelLimit=260)),
                    color=alt.Color("use:N", title=t("overview.use")),
                    tooltip=["destination", "use", alt.Tooltip("value:Q", format=",.0f")],
                )
                .properties(height=380)
            )

        chart_with_data(
            markets_chart,
            renamed(markets),
            f"top_markets_{country}_{io_year}",
            key="dl_top_markets",
            spec_key=("top_markets", io_name, io_year, country),
        )
        show_notes(notes)
    else:
        st.info(t("overview.not_in_io", country=country, table=io_name or "-"))

st.subheader(t("overview.gvc"))
if in_io:
    with gvc_errors(), st.spinner(t("common.computing")):
        part, notes = cached_participation(con, io_name, io_year, None)
    mine = part[part["region"] == country].iloc[0]
    g = st.columns(4)
    g[0].metric(t("overview.backward"), fmt_pct(mine["backward"], 1),
                help=t("overview.backward_help"))
    g[1].metric(t("overview.forward"), fmt_pct(mine["forward"], 1),
                help=t("overview.forward_help"))
    g[2].metric(t("overview.participation"), fmt_pct(mine["participation"], 1))
    g[3].metric(t("overview.dva"), fmt_usd(float(mine["dva"]) * 1e6), help=t("overview.dva_help"))
    st.caption(t("overview.gvc_source", table=io_name, year=io_year))
    part = part.sort_values("participation", ascending=False)
    shares = part.melt(
        id_vars="region",
        value_vars=["backward", "forward"],
        var_name="measure",
        value_name="share",
    )
    shares["measure"] = shares["measure"].map(lambda m: t(f"overview.{m}"))

    def shares_chart() -> alt.Chart:
        return (
            alt.Chart(shares)
            .mark_bar()
            .encode(
                x=alt.X("region:N", sort=list(part["region"]), title=t("col.region")),
                y=alt.Y(
                    "share:Q",
                    stack=True,
                    axis=alt.Axis(format="%"),
                    title=t("overview.participation"),
                ),
                color=alt.Color("measure:N", title=""),
                opacity=alt.condition(alt.datum.region == country, alt.value(1.0), alt.value(0.45)),
                tooltip=["region", "measure:N", alt.Tooltip("share:Q", format=".1%")],
            )
            .properties(height=260)
        )

    chart_with_data(
        shares_chart,
        renamed(part),
        f"gvc_participation_{io_year}",
        key="dl_participation",
        spec_key=("participation", io_name, io_year, country),
    )
    show_notes(notes)
else:
    st.info(t("overview.not_in_io", country=country, table=io_name or "-"))

st.subheader(t("overview.coverage"))
cov = cached_coverage(con)
tabs = st.tabs([t("home.exports"), t("overview.flows"), t("home.io"), t("overview.hs")])
for tab, key in zip(tabs, ["exports", "trade_flows", "io_tables", "hs_codes"], strict=True):
    with tab:
        frame = cov[key]
        if "unit" in frame:  # "million USD (current prices)" in the page's language
            frame = frame.assign(unit=[i18n.name("unit", u, lang(), u) for u in frame["unit"]])
        table_with_download(renamed(frame), f"coverage_{key}", key=f"dl_cov_{key}")
