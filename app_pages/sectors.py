"""Sector explorer: an HS section or chapter, or an IO sector, for one country."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from app_pages.common import (
    cached_complexity,
    cached_complexity_years,
    cached_dynamics,
    cached_exporters,
    cached_exports_by_destination,
    cached_intermediate_buyers,
    cached_io_capabilities,
    cached_io_labels,
    cached_io_tables,
    cached_linkages,
    cached_product_space,
    cached_products,
    cached_sections,
    chart_with_data,
    country_label,
    country_labels,
    default_io_table,
    fmt_num,
    fmt_usd,
    get_con,
    gvc_errors,
    pick,
    renamed,
    show_notes,
    t,
)

st.title(t("sectors.title"))
st.caption(t("sectors.intro"))
con = get_con()

LEVEL = 4  # product detail of the explorer (HS92 4-digit: the Atlas 2016 data)
years = cached_complexity_years(con, LEVEL)
c1, c2, c3 = st.columns([2, 1, 2])
year = pick("common.year", years, key="year", default=years[-1], where=c2)
with gvc_errors():
    exporters = cached_exporters(con, year, LEVEL)
country = pick(
    "common.country",
    exporters,
    key="country",
    default="IDN",
    where=c1,
    format_func=country_label(con),
)
modes = ["section", "chapter", "io"]
mode = pick(
    "sectors.kind",
    modes,
    key="kind",
    default="section",
    where=c3,
    widget="segmented",
    format_func=lambda m: t(f"sectors.kind_{m}"),
)


def product_view(codes: pd.Series, group_label: str, chapters: list[str]) -> None:
    """Show the country's products in one HS group and the product space."""
    with gvc_errors(), st.spinner(t("common.computing")):
        cx = cached_complexity(con, year, LEVEL, country)
        nodes, edges = cached_product_space(con, year, LEVEL)
    world = nodes.set_index("product")["world_trade"]
    rows = cx[cx["product"].isin(set(codes))].copy()
    rows.insert(4, "world_trade", rows["product"].map(world))
    rows = rows.sort_values("export_value", ascending=False)
    cols = [
        "product",
        "description",
        "export_value",
        "world_trade",
        "market_share",
        "rca",
        "mcp",
        "pci",
        "density",
        "cog",
    ]
    rows = rows[cols]
    m = st.columns(4)
    m[0].metric(t("sectors.group_exports"), fmt_usd(rows["export_value"].sum()))
    m[1].metric(
        t("sectors.world_demand"),
        fmt_usd(rows["world_trade"].sum()),
        help=t("sectors.world_demand_help", year=year),
    )
    m[2].metric(t("sectors.with_rca"), f"{int(rows['mcp'].sum())} / {len(rows)}")
    m[3].metric(t("sectors.mean_pci"), fmt_num(rows['pci'].mean(), 2) if len(rows) else "-")

    st.subheader(t("sectors.products", group=group_label))

    def scatter() -> alt.LayerChart:
        return (
            alt.Chart(rows)
            .mark_circle(opacity=0.8, stroke="black", strokeWidth=0.3)
            .encode(
                x=alt.X("pci:Q", title="PCI"),
                y=alt.Y("rca:Q", title="RCA", scale=alt.Scale(type="symlog")),
                size=alt.Size("world_trade:Q", title=t("col.world_trade"), legend=None),
                color=alt.Color(
                    "density:Q", title=t("col.density"), scale=alt.Scale(scheme="viridis")
                ),
                tooltip=[
                    "product",
                    "description",
                    alt.Tooltip("export_value:Q", format=",.0f"),
                    alt.Tooltip("world_trade:Q", format=",.0f"),
                    alt.Tooltip("rca:Q", format=".2f"),
                    alt.Tooltip("pci:Q", format=".2f"),
                ],
            )
            .properties(height=340)
        )

    chart_with_data(
        scatter,
        renamed(rows),
        f"sector_products_{country}_{year}",
        key="dl_sector_products",
        spec_key=("sector_products", country, year, group_label),
    )

    if chapters:
        st.subheader(t("sectors.growth"))
        dyn_years = cached_complexity_years(con, 2)
        if len(dyn_years) >= 2:
            with gvc_errors(), st.spinner(t("common.computing")):
                dyn = cached_dynamics(con, dyn_years[0], dyn_years[-1], country)
            dyn = dyn[dyn["product"].isin(chapters)]
            dyn = dyn.drop(columns=["location"])
            st.caption(t("sectors.growth_note", start=dyn_years[0], end=dyn_years[-1]))

            dyn = dyn.assign(label=dyn["product"] + " " + dyn["description"].astype(str)
                             .str.slice(0, 40))

            def growth() -> alt.Chart:
                return (
                    alt.Chart(dyn)
                    .mark_bar()
                    .encode(
                        x=alt.X("cagr:Q", title=t("col.cagr"), axis=alt.Axis(format="%")),
                        y=alt.Y("label:N", sort="-x", title=None,
                                axis=alt.Axis(labelOverlap=False, labelLimit=320)),
                        color=alt.condition(
                            alt.datum.cagr > 0, alt.value("#2a9d8f"), alt.value("#e76f51")
                        ),
                        tooltip=[
                            "product",
                            "description",
                            alt.Tooltip("cagr:Q", format=".1%"),
                            alt.Tooltip("rca_end:Q", format=".2f"),
                            alt.Tooltip("market_share_end:Q", format=".3%"),
                        ],
                    )
                    .properties(height=max(80, 24 * len(dyn)))
                )

            chart_with_data(
                growth,
                renamed(dyn.drop(columns="label")),
                f"sector_growth_{country}",
                key="dl_growth",
                spec_key=("sector_growth", country, tuple(chapters)),
            )

    st.subheader(t("sectors.product_space"))
    st.caption(t("sectors.product_space_note", country=country))
    chosen = set(codes)
    mine = cx[["product", "rca", "mcp", "export_value", "density"]]
    nodes = nodes.merge(mine, on="product", how="left", validate="1:1")
    if "description" in nodes:  # the graph's names are English: the page's language instead
        names = cached_products(con, "HS92", LEVEL).set_index("code")["description"]
        nodes["description"] = nodes["product"].map(names).fillna(nodes["description"])
    nodes = nodes.assign(
        in_group=nodes["product"].isin(chosen),
        exported=nodes["mcp"] > 0,
    )

    def space() -> alt.LayerChart:
        pos = nodes.set_index("product")[["x", "y"]]
        e = edges.assign(
            x=edges["product_1"].map(pos["x"]),
            y=edges["product_1"].map(pos["y"]),
            x2=edges["product_2"].map(pos["x"]),
            y2=edges["product_2"].map(pos["y"]),
        )
        axis = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
        links = (
            alt.Chart(e)
            .mark_rule(color="#bbbbbb", strokeWidth=0.5, opacity=0.6)
            .encode(x=alt.X("x:Q", axis=axis), y=alt.Y("y:Q", axis=axis), x2="x2:Q", y2="y2:Q")
        )
        dots = (
            alt.Chart(nodes)
            .mark_circle(stroke="black")
            .encode(
                x=alt.X("x:Q", axis=axis),
                y=alt.Y("y:Q", axis=axis),
                color=alt.condition(
                    alt.datum.exported,
                    alt.Color("section:N", title=t("col.section")),
                    alt.value("#e0e0e0"),
                ),
                size=alt.condition(alt.datum.in_group, alt.value(120), alt.value(22)),
                strokeWidth=alt.condition(alt.datum.in_group, alt.value(1.2), alt.value(0)),
                tooltip=[
                    "product",
                    "description",
                    "section",
                    alt.Tooltip("rca:Q", format=".2f"),
                    alt.Tooltip("pci:Q", format=".2f"),
                    alt.Tooltip("density:Q", format=".2f"),
                ],
            )
        )
        return (links + dots).properties(height=620).interactive()

    table = nodes.drop(columns=["x", "y"])
    chart_with_data(
        space,
        renamed(table),
        f"product_space_{country}_{year}",
        key="dl_product_space",
        spec_key=("product_space", country, year, group_label),
    )


def io_view() -> None:
    """Linkages, upstreamness and export markets of one IO sector in the country."""
    io_cat = cached_io_tables(con)
    names = sorted(set(io_cat["io_table"]))
    # the newest table by default (OECD ICIO 2022): linkages, upstreamness and the foreign buyers
    # of inputs; value added in exports and markets of final goods need WIOD 2013
    table = pick("sectors.io_table", names, key="io",
                 default=default_io_table(names))
    io_years = sorted(int(y) for y in io_cat.loc[io_cat["io_table"] == table, "year"])
    io_year = pick("common.year_io", io_years, key="io_year", default=io_years[-1])
    with gvc_errors():
        caps = cached_io_capabilities(con, table, io_year)
    full = caps["final_by_destination"] and caps["value_added"]
    if not full:
        st.caption(t("sectors.icio_note", table=table, year=io_year))
    with gvc_errors():
        labels, notes = cached_io_labels(con, table, io_year)
    if country not in set(labels["region"]):
        st.info(t("overview.not_in_io", country=country, table=table))
        return
    sec = labels[labels["region"] == country]
    names_by_code = dict(zip(sec["sector"], sec["sector_name"], strict=True))
    sector = pick(
        "sectors.io_sector",
        list(sec["sector"]),
        key="sector",
        default="c3" if "c3" in names_by_code else "C10T12",
        format_func=lambda s: f"{s} · {names_by_code.get(s, '')}",
    )
    with gvc_errors(), st.spinner(t("common.computing")):
        link, notes = cached_linkages(con, table, io_year, country)
        if full:
            dest, notes2 = cached_exports_by_destination(con, table, io_year, country)
        else:
            buyers = cached_intermediate_buyers(con, table, io_year, country, sector)
            dest = buyers.rename(columns={"value": "intermediate"}).assign(
                final=np.nan, total=buyers["value"]
            )
            notes2 = []
    me = link[link["sector"] == sector].iloc[0]
    m = st.columns(5)
    m[0].metric(t("col.backward"), fmt_num(me['backward_domestic'], 2), help=t("sectors.bl_help"))
    m[1].metric(t("col.forward"), fmt_num(me['forward_domestic'], 2), help=t("sectors.fl_help"))
    m[2].metric(t("col.type"), t(f"linkage.{me['type_domestic']}"))
    m[3].metric(t("col.upstreamness"), fmt_num(me['upstreamness'], 2), help=t("sectors.up_help"))
    if full:
        m[4].metric(t("col.gross_exports"), fmt_usd(float(me["gross_exports"]) * 1e6))
    else:
        m[4].metric(t("col.inputs_abroad"), fmt_usd(float(dest["total"].sum()) * 1e6))

    st.subheader(t("sectors.linkages", country=country, year=io_year))
    view = link.assign(
        selected=link["sector"] == sector,
        kind=link["type_domestic"].map(lambda v: t(f"linkage.{v}")),
    )

    def linkage_chart() -> alt.LayerChart:
        rule_x = alt.Chart(pd.DataFrame({"v": [1.0]})).mark_rule(strokeDash=[4, 4]).encode(x="v:Q")
        rule_y = alt.Chart(pd.DataFrame({"v": [1.0]})).mark_rule(strokeDash=[4, 4]).encode(y="v:Q")
        return (
            (
                alt.Chart(view)
                .mark_circle(stroke="black")
                .encode(
                    x=alt.X(
                        "backward_domestic:Q", title=t("col.backward"), scale=alt.Scale(zero=False)
                    ),
                    y=alt.Y(
                        "forward_domestic:Q", title=t("col.forward"), scale=alt.Scale(zero=False)
                    ),
                    size=(
                        alt.Size("gross_exports:Q", title=t("col.gross_exports"), legend=None)
                        if full
                        else alt.value(90)
                    ),
                    color=alt.Color("kind:N", title=t("col.type")),
                    strokeWidth=alt.condition(alt.datum.selected, alt.value(2.5), alt.value(0)),
                    tooltip=[
                        "sector",
                        "sector_name",
                        alt.Tooltip("backward_domestic:Q", format=".2f"),
                        alt.Tooltip("forward_domestic:Q", format=".2f"),
                        alt.Tooltip("upstreamness:Q", format=".2f"),
                    ],
                )
                .properties(height=380)
            )
            + rule_x
            + rule_y
        )

    chart_with_data(
        linkage_chart,
        renamed(link),
        f"linkages_{country}_{io_year}",
        key="dl_linkages",
        spec_key=("linkages", table, io_year, country, sector),
    )

    st.subheader(t("sectors.sector_markets" if full else "sectors.sector_buyers",
                   sector=names_by_code.get(sector, sector)))
    mine = dest[dest["sector"] == sector].head(20)[
        ["destination", "intermediate", "final", "total"]
    ]

    def markets_chart() -> alt.Chart:
        return (
            alt.Chart(mine.assign(label=country_labels(con, mine["destination"])))
            .mark_bar()
            .encode(
                x=alt.X("total:Q", title=t("overview.musd")),
                y=alt.Y("label:N", sort="-x", title=t("col.destination"),
                        axis=alt.Axis(labelOverlap=False, labelLimit=260)),
                tooltip=[
                    "destination",
                    alt.Tooltip("intermediate:Q", format=",.0f"),
                    alt.Tooltip("final:Q", format=",.0f"),
                ],
            )
            .properties(height=max(100, 20 * len(mine)))
        )

    chart_with_data(
        markets_chart,
        renamed(mine),
        f"sector_markets_{country}_{sector}",
        key="dl_sector_markets",
        spec_key=("sector_markets", table, io_year, country, sector),
    )
    show_notes(notes + notes2)


if mode == "io":
    io_view()
else:
    products = cached_products(con, "HS92", LEVEL)
    if mode == "section":
        sections = cached_sections(con)
        sec_names = dict(zip(sections["section"], sections["name"], strict=True))
        options = [s for s in sections["section"] if (products["section"] == s).any()]
        section = pick(
            "sectors.section",
            options,
            key="section",
            default="II",
            format_func=lambda s: f"{s} · {sec_names.get(s, '')}",
        )
        codes = products.loc[products["section"] == section, "code"]
        chapters = sorted({c[:2] for c in codes})
        product_view(codes, f"{section} · {sec_names.get(section, '')}", chapters)
    else:
        chap = cached_products(con, "HS92", 2)
        chap_names = dict(zip(chap["code"], chap["description"], strict=True))
        chapter = pick(
            "sectors.chapter",
            list(chap["code"]),
            key="chapter",
            default="09",
            format_func=lambda c: f"{c} · {str(chap_names.get(c, ''))[:70]}",
        )
        codes = products.loc[products["code"].str.startswith(chapter), "code"]
        product_view(codes, f"{chapter} · {chap_names.get(chapter, '')}", [chapter])
