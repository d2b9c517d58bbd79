"""Linkage paths: structural paths from a supplier sector through processors to export markets,
or (upstream) the chains of suppliers whose value added ends in a sector's sales."""

from __future__ import annotations

import itertools

import pandas as pd
import streamlit as st

from app_pages.common import (
    cached_clusters,
    cached_io_capabilities,
    cached_io_labels,
    cached_io_tables,
    cached_opportunities,
    cached_paths,
    cluster_con,
    cluster_names,
    country_label,
    default_io_table,
    fmt_pct,
    fmt_usd,
    get_con,
    gvc_errors,
    pick,
    renamed,
    show_notes,
    t,
    table_with_download,
    url_number,
)

#: The most paths the graph draws (more and its text is too small to read); the table has all.
GRAPH_PATHS = 40
#: Markets tried when no path reaches the chosen one.
LARGE_MARKETS = ["USA", "CHN", "JPN", "DEU", "KOR", "IND", "SGP", "MYS", "NLD", "GBR", "AUS"]


def graph_of(paths: pd.DataFrame, up: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nodes (node, ends) and edges (source, target, value) of these paths alone: an edge's
    value is the value of the paths through it; ``ends`` the value of the paths ending (up:
    starting) at a node."""
    edges: dict[tuple[str, str], float] = {}
    ends: dict[str, float] = {}
    for path, value in zip(paths["path"], paths["value"], strict=True):
        hops = str(path).split(" -> ")
        for node in hops:
            ends.setdefault(node, 0.0)
        for a, b in itertools.pairwise(hops):
            edges[(a, b)] = edges.get((a, b), 0.0) + float(value)
        ends[hops[0] if up else hops[-1]] += float(value)
    return (pd.DataFrame(list(ends.items()), columns=["node", "ends"]),
            pd.DataFrame([(a, b, v) for (a, b), v in edges.items()],
                         columns=["source", "target", "value"]))


st.title(t("paths.title"))
st.caption(t("paths.intro"))
con = get_con()
origin = pick(
    "paths.origin",
    ["sector", "cluster"],
    key="origin",
    default="sector",
    widget="segmented",
    format_func=lambda o: t(f"paths.origin_{o}"),
)
direction = pick(
    "paths.direction",
    ["down", "up"],
    key="direction",
    default="down",
    widget="segmented",
    format_func=lambda d: t(f"paths.direction_{d}"),
)
up = direction == "up"

io_cat = cached_io_tables(con)
names = sorted(set(io_cat["io_table"]))
c1, c2, c3, c4 = st.columns([1, 1, 2, 2])
# the newest table by default (OECD ICIO 2022): paths to all final demand or to a market's
# industries; paths to one market's final demand need WIOD 2013 (final demand by destination)
table = pick("sectors.io_table", names, key="io",
             default=default_io_table(names), where=c1)
io_years = sorted(int(y) for y in io_cat.loc[io_cat["io_table"] == table, "year"])
year = pick("common.year_io", io_years, key="io_year", default=io_years[-1], where=c2)
with gvc_errors():
    caps = cached_io_capabilities(con, table, year)
with gvc_errors(), st.spinner(t("common.computing")):
    labels, notes = cached_io_labels(con, table, year)
regions = list(dict.fromkeys(labels["region"]))
sector_names = dict(zip(labels["sector"], labels["sector_name"], strict=False))
fmt_country = country_label(con)
sectors = list(dict.fromkeys(labels["sector"]))
if origin == "cluster":
    # a cluster starts from the IO sectors of the products it makes (its opportunity table)
    with gvc_errors():
        view, uploads = cluster_con()
        clusters = cached_clusters(view, None, uploads)
    cnames = cluster_names(clusters)
    cluster_id = pick(
        "clusters.cluster",
        list(clusters["cluster_id"]),
        key="cluster",
        default="jabar-3205-batik",
        where=c3,
        format_func=lambda c: f"{cnames.get(c, c)} ({c})",
    )
    with gvc_errors(), st.spinner(t("clusters.computing")):
        opp = cached_opportunities(view, cluster_id, uploads)
    made = opp[opp["roles"].astype(str).str.contains("made")]
    own = [s for s in dict.fromkeys((made if len(made) else opp)["io_sector"].dropna()) if s]
    region = "IDN"
    st.caption(t("paths.cluster_note", sectors=", ".join(own) or "-"))
    sector_options = [s for s in own if s in sectors] or sectors
else:
    region = pick(
        "paths.end_region" if up else "paths.start_region",
        regions,
        key="region",
        default="IDN",
        where=c3,
        format_func=fmt_country,
    )
    sector_options = sectors
sector = pick(
    "paths.end_sector" if up else "paths.start_sector",
    sector_options,
    key="sector",
    default="c1" if "c1" in sector_options else sector_options[0],
    where=c4,
    format_func=lambda s: f"{s} · {sector_names.get(s, '')}",
)

d1, d2, d3, d4 = st.columns([2, 2, 1, 1])
kinds = (
    ["final_demand", "exports", "total_final_demand"]
    if caps["final_by_destination"]
    else ["total_final_demand", "intermediate_exports"]
)
kind = pick(
    "paths.sink",
    kinds,
    key="sink",
    default=kinds[0],
    where=d1,
    widget="segmented",
    format_func=lambda k: t(f"paths.sink_{k}"),
)
if kind == "total_final_demand":
    target = None  # every destination's final demand: no market to choose
    d2.caption(t("paths.no_target"))
elif up and kind == "intermediate_exports":
    target = region  # the chosen sector's own sales abroad: only its own country is a sink
    d2.caption(t("paths.up_own_exports", region=region))
else:
    target_default = "USA" if kind == "final_demand" else region
    target = pick(
        "paths.target", regions, key="target", default=target_default, where=d2,
        format_func=fmt_country,
    )
if not caps["final_by_destination"]:
    st.caption(t("paths.table_note", table=table, year=year))
top = url_number("paths.top", "top", "paths", 5, 200, 30, step=5, where=d3)
depth = url_number("paths.depth", "depth", "paths", 1, 8, 4, where=d4)

with gvc_errors(), st.spinner(t("paths.computing")):
    paths, nodes, edges, attrs, notes2 = cached_paths(
        con, table, year, region, sector, target, kind, int(top), int(depth), direction
    )

target_name = target or "all"
sink_label = {
    "final_demand": t("paths.sink_label_fd", target=target),
    "exports": t("paths.sink_label_ex", target=target),
    "total_final_demand": t("paths.sink_label_total"),
    "intermediate_exports": t("paths.sink_label_ix", target=target),
}[kind]
m = st.columns(4)
m[0].metric(
    t("paths.total_up" if up else "paths.total"),
    fmt_usd(attrs.get("total", 0.0) * 1e6),
    help=t("paths.total_up_help" if up else "paths.total_help", sink=sink_label),
)
m[1].metric(t("paths.shown"), f"{len(paths)}")
m[2].metric(
    t("paths.covered"),
    fmt_pct(paths['share'].sum(), 1) if len(paths) else "-",
    help=t("paths.covered_help"),
)
m[3].metric(t("paths.longest"), f"{int(paths['depth'].max())}" if len(paths) else "-")

if paths.empty:
    st.info(t("paths.none"))
    if target is not None and kind != "intermediate_exports":  # which markets have paths
        tried = [m for m in LARGE_MARKETS if m in regions and m != target][:8]
        found = []
        with st.spinner(t("paths.computing")):
            for m in tried:
                other = cached_paths(con, table, year, region, sector, m, kind, 1, int(depth),
                                     direction)[0]
                if len(other):
                    found.append(fmt_country(m))
        st.caption(t("paths.markets_with_paths", markets=", ".join(found)) if found
                   else t("paths.no_market_has_paths", markets=", ".join(tried)))
else:
    st.subheader(t("paths.graph"))
    st.caption(t("paths.graph_note_up" if up else "paths.graph_note"))
    if len(paths) > GRAPH_PATHS:  # a readable graph: the strongest paths; the table has all
        nodes, edges = graph_of(paths.head(GRAPH_PATHS), up)
        st.caption(t("paths.graph_top", n=GRAPH_PATHS, total=len(paths)))
    vmax = max(
        float(edges["value"].max()) if len(edges) else 0.0,
        float(nodes["ends"].max()) if len(nodes) else 0.0,
        1e-12,
    )

    def node_id(name: str) -> str:
        return '"' + name.replace('"', "'") + '"'

    def node_label(name: str) -> str:
        reg, _, sec = name.partition(" ")
        text = str(sector_names.get(sec, ""))
        text = text if len(text) <= 28 else text[:26] + "..."
        return f"{reg} {sec}\\n{text}".replace('"', "'")

    lines = [
        "digraph paths {",
        "  rankdir=LR; splines=polyline; nodesep=0.25; ranksep=0.6;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9, color="#4a6fa5"];',
    ]
    start = f"{region} {sector}"
    for name in nodes["node"]:
        reg = name.split(" ", 1)[0]
        fill = "#f4a261" if name == start else ("#a8dadc" if reg == region else "#e9ecef")
        lines.append(f'  {node_id(name)} [label="{node_label(name)}", fillcolor="{fill}"];')
    lines.append(
        f'  "__sink__" [label="{sink_label}", shape=doubleoctagon, '
        f'fillcolor="#2a9d8f", fontcolor="white"];'
    )
    for a, b, v in edges.itertuples(index=False):
        width = 0.6 + 5.0 * float(v) / vmax
        lines.append(
            f'  {node_id(a)} -> {node_id(b)} [penwidth={width:.2f}, label="{float(v):,.1f}"];'
        )
    if up:  # value added enters at the origins; the chosen sector sells to the market
        lines.append(
            f'  "__va__" [label="{t("paths.va_source")}", shape=cds, fillcolor="#e9c46a"];'
        )
        enumerated = float(paths["value"].sum())
        width = 0.6 + 5.0 * enumerated / max(vmax, enumerated)
        lines.append(
            f'  {node_id(start)} -> "__sink__" [penwidth={width:.2f}, color="#2a9d8f", '
            f'label="{enumerated:,.1f}"];'
        )
    for name, ends in nodes.itertuples(index=False):
        if ends > 0:
            width = 0.6 + 5.0 * float(ends) / vmax
            a, b = ('"__va__"', node_id(name)) if up else (node_id(name), '"__sink__"')
            lines.append(
                f'  {a} -> {b} [penwidth={width:.2f}, color="#2a9d8f", label="{float(ends):,.1f}"];'
            )
    lines.append("}")
    dot = "\n".join(lines)
    st.graphviz_chart(dot, width="stretch")
    with st.expander(t("chart.data")):
        table_with_download(
            renamed(edges),
            f"{direction}_path_edges_{region}_{sector}_{target_name}",
            key="dl_edges",
        )
        st.download_button(
            t("paths.download_dot"),
            dot.encode("utf-8"),
            file_name=f"{direction}_paths_{region}_{sector}_{target_name}.dot",
            mime="text/vnd.graphviz",
            key="dl_dot",
            on_click="ignore",
        )

    st.subheader(t("paths.table"))
    st.caption(t("paths.units"))
    table_with_download(
        renamed(paths),
        f"{direction}_paths_{region}_{sector}_{target_name}_{year}",
        key="dl_paths",
        excel=True,
    )
show_notes(notes + notes2)
if attrs.get("complete") is False:
    st.caption(t("paths.incomplete"))
