"""Market targets: markets ranked by untapped export potential for a product or an IO sector."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import (
    WORLD_OUTLINES_URL,
    cached_countries,
    cached_current_markets,
    cached_geo,
    cached_io_labels,
    cached_io_tables,
    cached_market_targets,
    cached_target_years,
    chart_with_data,
    country_label,
    country_labels,
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
    url_number,
    with_country_names,
)
from app_pages.data_published import cached_partners_latest
from gvc.services.market_fallback import message as fallback_message

#: Short names of the answer's source for the metric (the code itself in its help).
SOURCE_NAMES = {"bps": "BPS", "icio2025": "OECD ICIO", "wiod2013": "WIOD"}

st.title(t("markets.title"))
st.caption(t("markets.intro"))
con = get_con()

c1, c2, c3, c4 = st.columns([1.5, 2, 1, 2])
grains = ["hs", "io"]
grain = pick(
    "markets.grain",
    grains,
    key="grain",
    default="hs",
    where=c1,
    widget="segmented",
    format_func=lambda g: t(f"markets.grain_{g}"),
)
countries = list(cached_countries(con)["iso3"])
fmt_country = country_label(con)
if grain == "hs":
    exporter = pick(
        "markets.exporter",
        countries,
        key="exporter",
        default="IDN",
        where=c2,
        format_func=fmt_country,
    )
    product = c4.text_input(
        t("markets.product"),
        value="0901",
        key="product",
        max_chars=12,
        bind="query-params",
        help=t("markets.product_help"),
    )
    # only the years that answer for this exporter and product (product level first)
    with gvc_errors():
        offered = cached_target_years(con, exporter, str(product).strip())
    years = [int(y) for y in offered["year"]]
    if not years:
        st.warning(t("markets.no_years", product=str(product).strip()))
        st.stop()
    grain_of = dict(zip(years, offered["grain"], strict=True))
    product_years = [y for y in years if grain_of[y] == "hs"]
    year = pick(
        "common.year",
        years,
        key="year",
        default=product_years[-1] if product_years else years[-1],
        where=c3,
        format_func=lambda y: f"{y} · {t('markets.year_grain_' + grain_of[y])}",
    )
    unit_scale = 1.0
else:
    io_cat = cached_io_tables(con)
    # sector targets need final demand by destination: WIOD 2013 (OECD ICIO ships none)
    have = list(dict.fromkeys(io_cat["io_table"]))
    table = "wiod2013" if "wiod2013" in have else str(have[0])
    io_years = sorted(int(y) for y in io_cat.loc[io_cat["io_table"] == table, "year"])
    year = pick("common.year_io", io_years, key="io_year", default=io_years[-1], where=c3)
    with gvc_errors():
        labels, _ = cached_io_labels(con, table, year)
    regions = list(dict.fromkeys(labels["region"]))
    exporter = pick(
        "markets.exporter", regions, key="region", default="IDN", where=c2, format_func=fmt_country
    )
    names = dict(zip(labels["sector"], labels["sector_name"], strict=False))
    product = pick(
        "sectors.io_sector",
        list(dict.fromkeys(labels["sector"])),
        key="sector",
        default="c3",
        where=c4,
        format_func=lambda s: f"{s} · {names.get(s, '')}",
    )
    unit_scale = 1e6  # the IO table is in million USD
top = url_number("markets.top", "top", "markets", 5, 60, 25, step=5, widget="slider")

with gvc_errors(), st.spinner(t("markets.computing")):
    ranked, corrections, notes, fallback = cached_market_targets(
        con, exporter, str(product).strip(), int(year), grain
    )
targets = with_country_names(con, ranked.head(int(top)))
# a fallback answer has no potential unless it is the WIOD sector grain
has_potential = bool(targets["potential"].notna().any())
if fallback:
    cmd = str(fallback["command"])
    st.info(
        fallback_message(fallback, lang()).replace(cmd, f"`{cmd}`"), icon=":material/info:"
    )

m = st.columns(4)
m[0].metric(t("markets.current"), fmt_usd(targets["value"].sum() * unit_scale))
if has_potential:
    m[1].metric(
        t("markets.potential"),
        fmt_usd(targets["potential"].sum() * unit_scale),
        help=t("markets.potential_help"),
    )
    m[2].metric(t("markets.untapped"), fmt_usd(targets["untapped"].sum() * unit_scale))
else:
    m[1].metric(t("markets.answer_year"), f"{int(targets['year'].iloc[0])}")
    src = str(targets["source"].iloc[0])
    m[2].metric(t("markets.answer_source"), SOURCE_NAMES.get(src.split("_")[0], src), help=src)
m[3].metric(t("markets.markets"), f"{len(targets)}")
st.caption(
    t("markets.units", unit=str(targets["unit"].iloc[0]) if len(targets) else "-")
    + " "
    + t("markets.basis", basis=fallback_message(fallback, lang(), part=fallback["grain"])
        if fallback else str(targets["basis"].iloc[0]))
)

columns = (
    [
        "rank", "importer", "importer_name", "value", "potential", "untapped", "realised_share",
        "imports", "demand_growth_pct", "market_share", "competitors",
    ]
    if not fallback
    else [
        c
        for c in ("rank", "importer", "importer_name", "value", "share", "growth_pct",
                  "potential", "untapped", "realised_share", "top_buyer")
        if targets[c].replace("", None).notna().any()
    ]
)
view = targets[columns]
size_by = "untapped" if has_potential else "value"

st.subheader(t("markets.map" if has_potential else "markets.map_current"))
geo = cached_geo(con)
located = view.merge(
    geo[["iso3", "lat", "lon"]], left_on="importer", right_on="iso3", how="inner"
).drop(columns="iso3")


def world_map() -> alt.LayerChart:
    """The symbol map (built once per view; see chart_with_data)."""
    sphere = alt.Chart(alt.sphere()).mark_geoshape(fill="#eef4f8", stroke="#c9d6df")
    grid = alt.Chart(alt.graticule(step=[30, 30])).mark_geoshape(stroke="#d8e2e8", strokeWidth=0.5)
    land = alt.Chart(
        alt.UrlData(
            url=WORLD_OUTLINES_URL, format=alt.DataFormat(type="topojson", feature="countries")
        )
    ).mark_geoshape(fill="#dfe7ec", stroke="#ffffff", strokeWidth=0.5)
    points = (
        alt.Chart(located)
        .mark_circle(stroke="#1d3557", strokeWidth=0.6, opacity=0.85)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size(f"{size_by}:Q", title=t(f"col.{size_by}"),
                          scale=alt.Scale(range=[30, 1600])),
            color=(
                alt.Color(
                    "realised_share:Q",
                    title=t("col.realised_share"),
                    scale=alt.Scale(scheme="orangered", reverse=True, domain=[0, 1]),
                )
                if has_potential
                else alt.value("#2a9d8f")
            ),
            tooltip=[
                "importer",
                "importer_name",
                alt.Tooltip("value:Q", format=",.0f"),
                *(
                    [
                        alt.Tooltip("untapped:Q", format=",.0f"),
                        alt.Tooltip("potential:Q", format=",.0f"),
                        alt.Tooltip("realised_share:Q", format=".0%"),
                    ]
                    if has_potential
                    else [alt.Tooltip("share:Q", format=".1%")]
                ),
            ],
        )
    )
    labels = (
        alt.Chart(located)
        .mark_text(align="left", dx=7, dy=-6, fontSize=10, color="#1d3557")
        .encode(longitude="lon:Q", latitude="lat:Q", text="importer:N")
    )
    layers = sphere + grid + land + points + labels
    return layers.project(type="equalEarth").properties(height=460)


chart_with_data(
    world_map,
    renamed(located),
    f"market_map_{exporter}_{product}_{year}",
    key="dl_map",
    spec_key=("market_map", grain, exporter, str(product), year, int(top), lang()),
)
st.caption(t("markets.map_note" if has_potential else "markets.map_note_current"))

st.subheader(t("markets.ranking" if has_potential else "markets.ranking_current"))
bars = view.assign(label=country_labels(con, view["importer"])).melt(
    id_vars=["importer", "label", "rank"],
    value_vars=["value", "untapped"] if has_potential else ["value"],
    var_name="part",
    value_name="usd",
)
bars["part"] = bars["part"].map(
    {"value": t("markets.part_current"), "untapped": t("markets.part_untapped")}
)


def ranking_chart() -> alt.Chart:
    return (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=alt.SortField("rank"), title=t("col.importer"),
                    axis=alt.Axis(labelOverlap=False, labelLimit=260)),
            x=alt.X("usd:Q", stack=True, title=t("markets.value_axis")),
            color=alt.Color("part:N", title="", scale=alt.Scale(range=["#457b9d", "#e76f51"])),
            tooltip=["importer", "part", alt.Tooltip("usd:Q", format=",.0f")],
        )
        .properties(height=max(160, 18 * len(view)))
    )


chart_with_data(
    ranking_chart,
    renamed(view),
    f"market_targets_{exporter}_{product}_{year}",
    key="dl_bars",
    spec_key=("market_bars", grain, exporter, str(product), year, int(top), lang()),
)

st.subheader(t("markets.table"))
# a fallback grain has no potential, competitors or market demand: leave those columns out
# rather than show a column of empty cells
full = targets if not fallback else targets[
    [c for c in targets.columns if targets[c].replace("", None).notna().any()]
]
table_with_download(
    renamed(full),
    f"market_targets_full_{exporter}_{product}_{year}",
    key="dl_targets",
    excel=True,
)
with st.expander(t("markets.method")):
    st.write(corrections)
show_notes(notes)

if exporter == "IDN" and len(targets):
    # context: the same markets for all of Indonesia's goods, now and five years before
    partners = cached_partners_latest(con)
    last = int(partners["year"].iloc[0])
    ctx = (
        partners.set_index("partner")
        .reindex([c for c in targets["importer"].head(10) if c in set(partners["partner"])])
        .rename_axis("importer")
        .reset_index()
        .rename(columns={"partner_name": "importer_name"})
    )[["importer", "importer_name", "value_usd", "share_of_world", "growth_5y_pct"]]
    ctx = with_country_names(con, ctx)
    if len(ctx):
        with st.expander(t("markets.context", year=last)):
            st.caption(t("markets.context_note", year=last, start=last - 5))
            table_with_download(renamed(ctx), f"market_context_{product}_{last}",
                                key="dl_market_context", excel=False)

chapter = str(product).strip()[:2]
if grain == "hs" and exporter == "IDN" and chapter.isdigit() and int(chapter) <= 24:
    st.subheader(t("markets.current_markets", chapter=chapter))
    with gvc_errors():
        cur, notes = cached_current_markets(con, exporter, chapter)
    cur = with_country_names(con, cur)
    cur_view = cur[
        [
            "rank",
            "importer",
            "importer_name",
            "value",
            "share",
            "growth_pct",
            "world_exports_usd",
            "world_growth_pct",
            "exporter_world_share",
        ]
    ].head(20)
    first = cur.iloc[0] if len(cur) else pd.Series(dtype=object)
    if len(cur):
        k = st.columns(3)
        k[0].metric(
            t("markets.bps_total", year=int(cur["year"].iloc[0])), fmt_usd(first["chapter_total"])
        )
        k[1].metric(t("markets.world_growth"), fmt_pct(first['world_growth_pct'] / 100, 1))
        k[2].metric(t("markets.world_share"), fmt_pct(first['exporter_world_share'], 1))

    def current_chart() -> alt.Chart:
        return (
            alt.Chart(cur_view.assign(label=country_labels(con, cur_view["importer"])))
            .mark_bar(color="#2a9d8f")
            .encode(
                x=alt.X("value:Q", title="USD"),
                y=alt.Y("label:N", sort="-x", title=t("col.importer"),
                        axis=alt.Axis(labelOverlap=False, labelLimit=260)),
                tooltip=[
                    "importer",
                    "importer_name",
                    alt.Tooltip("value:Q", format=",.0f"),
                    alt.Tooltip("growth_pct:Q", format=".1f"),
                ],
            )
            .properties(height=max(120, 18 * len(cur_view)))
        )

    chart_with_data(
        current_chart,
        renamed(cur_view),
        f"current_markets_{exporter}_{chapter}",
        key="dl_current",
        spec_key=("current_markets", exporter, chapter),
    )
    show_notes(notes)
