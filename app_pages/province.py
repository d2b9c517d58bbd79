"""Province view: map of a measure, domestic flows of an industry, a cluster's domestic chain."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import gvc
from app_pages.common import (
    cached,
    cached_clusters,
    chart_with_data,
    cluster_names,
    fmt_num,
    fmt_pct,
    get_con,
    gvc_errors,
    lang,
    pick,
    renamed,
    t,
    table_with_download,
)

MEASURES = [
    "firms",
    "workers",
    "va_per_worker_m_idr",
    "share_partnership",
    "share_loans",
    "share_internet",
    "output_bn_idr",
    "export_orientation",
    "backward_norm",
    "forward_norm",
]
IRIO_MEASURES = {"output_bn_idr", "export_orientation", "backward_norm", "forward_norm"}
SHARES = {"share_partnership", "share_loans", "share_internet", "export_orientation"}


@cached()
def cached_provinces(_con: gvc.Gvc) -> pd.DataFrame:
    """``con.domestic().provinces()``."""
    return _con.domestic().provinces()


@cached()
def cached_industries(_con: gvc.Gvc) -> pd.DataFrame:
    """``con.domestic().industries()``."""
    return _con.domestic().industries()


@cached()
def cached_measures(_con: gvc.Gvc, industry: str | None) -> pd.DataFrame:
    """``con.domestic().province_measures(industry)``."""
    return _con.domestic().province_measures(industry)


@cached()
def cached_outlines(_con: gvc.Gvc) -> tuple[list[dict], pd.DataFrame]:
    """Province outlines (features) and a label point per province (centre of its largest part)."""
    geo = _con.domestic().geojson()
    rows = []
    for f in geo["features"]:
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        ring = max((p[0] for p in polys), key=len)
        lon = sum(c[0] for c in ring) / len(ring)
        lat = sum(c[1] for c in ring) / len(ring)
        rows.append({"province_code": f["properties"]["bps_code"], "lon": lon, "lat": lat})
    return geo["features"], pd.DataFrame(rows)


@cached()
def cached_flows(_con: gvc.Gvc, province: str, industry: str, direction: str) -> pd.DataFrame:
    """``con.domestic().province_flows(...)``."""
    return _con.domestic().province_flows(province, industry, direction)


@cached()
def cached_chain(_con: gvc.Gvc, cluster_id: str, language: str) -> dict[str, object]:
    """A cluster's domestic links, partners and chain edges."""
    c = _con.cluster(cluster_id)
    links = c.domestic_links()
    partners = c.partners(top=20, lang=language)
    chain = _con.domestic().chain(links, partners, top=5)
    return {
        "buyers": links.buyers,
        "sources": links.sources,
        "summary": links.summary,
        "notes": _con.domestic().notes(links.province_code, language),
        "partners": partners,
        "chain": chain,
    }


st.title(t("province.title"))
st.caption(t("province.intro"))
con = get_con()

with gvc_errors():
    provinces = cached_provinces(con)
    industries = cached_industries(con)
prov_names = dict(zip(provinces["province_code"], provinces["province"], strict=True))
ind_names = dict(zip(industries["industry"], industries["name_id"], strict=True))

c1, c2, c3 = st.columns([1.2, 2, 1.4])
province = pick(
    "province.province",
    list(provinces["province_code"]),
    key="prov",
    default="32",
    where=c1,
    format_func=lambda c: f"{prov_names.get(c, c).title()} ({c})",
)
industry = pick(
    "province.industry",
    list(industries["industry"]),
    key="ind",
    default="I-15",
    where=c2,
    format_func=lambda i: f"{i} · {ind_names.get(i, '')}",
)
measure = pick(
    "province.measure",
    MEASURES,
    key="measure",
    default="firms",
    where=c3,
    format_func=lambda m: t(f"province.m_{m}"),
)
direction = pick(
    "province.direction",
    ["buyers", "suppliers"],
    key="dir",
    default="buyers",
    widget="segmented",
    format_func=lambda d: t(f"province.dir_{d}"),
)

note = provinces.set_index("province_code").loc[province, "irio_note"]
if note:
    st.info(t("province.split_note", parent=str(
        provinces.set_index("province_code").loc[province, "irio_province"])))

with gvc_errors():
    measures = cached_measures(con, industry if measure in IRIO_MEASURES else None)
    features, centres = cached_outlines(con)
    flows = cached_flows(con, province, industry, direction)

# -- map ------------------------------------------------------------------------------------------
st.subheader(t("province.map", measure=t(f"province.m_{measure}")))
if measure in IRIO_MEASURES:
    st.caption(t("province.irio_note"))
else:
    st.caption(t("province.imk_note"))
values = measures.set_index("province_code")[measure]
shown = []
for f in features:
    code = f["properties"]["bps_code"]
    v = values.get(code)
    shown.append({
        "type": "Feature",
        "geometry": f["geometry"],
        "properties": {
            "code": code,
            "name": prov_names.get(code, code).title(),
            "value": None if v is None or pd.isna(v) else float(v),
        },
    })
# flows drawn from (buyers) or to (suppliers) the selected province, at IRIO 2016 provinces
parent = str(provinces.set_index("province_code").loc[province, "irio_code"])
centre = centres.set_index("province_code")
lines = flows.head(15).copy()
lines["lon"] = float(centre.loc[parent, "lon"])
lines["lat"] = float(centre.loc[parent, "lat"])
lines["lon2"] = lines["province_code"].map(centre["lon"])
lines["lat2"] = lines["province_code"].map(centre["lat"])
value_format = ".0%" if measure in SHARES else ",.1f"


def province_map() -> dict:
    """Choropleth of the measure with the top 15 flows as lines (a Vega-Lite spec).

    The outlines go into the spec's ``datasets`` after Altair has made it: given to Altair as
    inline values, the 38 outlines took 0.25 s of every change of province (Altair copies and
    checks every coordinate), most of the page's run.
    """
    base = (
        alt.Chart(alt.NamedData(name="gvc_province_outlines"))
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.5)
        .encode(
            color=alt.Color(
                "properties.value:Q",
                title=t(f"province.m_{measure}"),
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(format=value_format),
            ),
            tooltip=[
                alt.Tooltip("properties.name:N", title=t("province.province")),
                alt.Tooltip("properties.value:Q", title=t(f"province.m_{measure}"),
                            format=value_format),
            ],
        )
    )
    rules = (
        alt.Chart(lines)
        .mark_rule(color="#e76f51", opacity=0.8)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            longitude2="lon2:Q",
            latitude2="lat2:Q",
            strokeWidth=alt.StrokeWidth("total:Q", title=t("province.flow_bn"),
                                        scale=alt.Scale(range=[0.5, 6])),
            tooltip=["province", alt.Tooltip("total:Q", format=",.1f")],
        )
    )
    spec = (base + rules).project(type="mercator").properties(height=420).to_dict()
    spec.setdefault("datasets", {})["gvc_province_outlines"] = shown
    return spec


measure_table = measures.rename(
    columns={m: t(f"province.m_{m}") for m in MEASURES if m in measures.columns})
if "irio_note" in measure_table:  # the note on the four 2022 provinces, in the page's language
    parents = provinces.set_index("province_code")["irio_province"]
    measure_table["irio_note"] = [
        t("dom.irio_note", parent=parents.get(c, "")) if n else ""
        for c, n in zip(measure_table["province_code"], measure_table["irio_note"], strict=True)
    ]
chart_with_data(
    province_map,
    renamed(measure_table),
    f"province_map_{measure}_{industry}",
    key="dl_map",
    spec_key=("province_map", measure, industry, province, direction),
)

# -- flows ----------------------------------------------------------------------------------------
st.subheader(t(f"province.flows_{direction}", industry=industry,
               province=prov_names.get(province, province).title()))
bars = flows.head(15).melt(
    id_vars=["province"], value_vars=["intermediate", "final"], var_name="use", value_name="bn"
)
bars["use"] = bars["use"].map({"intermediate": t("province.use_intermediate"),
                               "final": t("province.use_final")})


def flows_chart() -> alt.Chart:
    return (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=alt.X("bn:Q", stack=True, title=t("province.flow_bn")),
            y=alt.Y("province:N", sort="-x", title=""),
            color=alt.Color("use:N", title="", scale=alt.Scale(range=["#457b9d", "#e9c46a"])),
            tooltip=["province", "use", alt.Tooltip("bn:Q", format=",.1f")],
        )
        .properties(height=max(160, 22 * len(flows.head(15))))
    )


chart_with_data(
    flows_chart,
    renamed(flows),
    f"province_flows_{province}_{industry}_{direction}",
    key="dl_flows",
    spec_key=("province_flows", province, industry, direction),
)

# -- a cluster's domestic chain -------------------------------------------------------------
st.subheader(t("province.cluster_chain"))
with gvc_errors():
    clusters = cached_clusters(con, None)
ids = list(clusters["cluster_id"])
cnames = cluster_names(clusters)
cluster_id = pick(
    "province.cluster",
    ids,
    key="cluster",
    default="jabar-3205-batik",
    format_func=lambda c: f"{cnames.get(c, c)} ({c})",
)
with gvc_errors(), st.spinner(t("common.computing")):
    chain = cached_chain(con, cluster_id, lang())
summary = chain["summary"]
k = st.columns(4)
k[0].metric(t("province.output"), fmt_num(summary['output'].sum(), 0))
shipped = (summary["shipped_intermediate"] + summary["shipped_final"]).sum()
k[1].metric(t("province.shipped"), fmt_num(shipped, 0))
k[2].metric(t("province.exports_est"), fmt_num(summary['foreign_exports'].sum(), 0))
k[3].metric(t("province.import_share"), fmt_pct(summary['import_share_inputs'].mean(), 0))
st.caption(" ".join(chain["notes"]))

edges = chain["chain"].copy()
columns = {1: 0, 2: 2, 3: 2, 4: 3}
nodes: dict[str, tuple[int, int]] = {}
counts = [0, 0, 0, 0]


def place(name: str, col: int) -> None:
    if name not in nodes:
        nodes[name] = (col, counts[col])
        counts[col] += 1


for e in edges.itertuples():
    if e.step == 1:
        place(str(e.source), 0)
        place("cluster", 1)
    elif e.step in (2, 3):
        place("cluster", 1)
        place(str(e.target), 2)
    else:
        place(str(e.source), 2)
        place(str(e.target), 3)
label_of = {"cluster": cnames.get(cluster_id, cluster_id), "abroad": t("province.abroad")}
node_df = pd.DataFrame([
    {"node": label_of.get(n, n), "x": c, "y": -(r - (counts[c] - 1) / 2)}
    for n, (c, r) in nodes.items()
])
pos = {n: nodes[n] for n in nodes}
edge_df = pd.DataFrame([
    {
        "from": label_of.get(str(e.source), str(e.source)),
        "to": label_of.get(str(e.target), str(e.target)),
        "step": int(e.step),
        "value_bn_idr": float(e.value_bn_idr),
        "x": pos[str(e.source)][0],
        "y": -(pos[str(e.source)][1] - (counts[pos[str(e.source)][0]] - 1) / 2),
        "x2": pos[str(e.target)][0],
        "y2": -(pos[str(e.target)][1] - (counts[pos[str(e.target)][0]] - 1) / 2),
    }
    for e in edges.itertuples()
])


def chain_graph() -> alt.LayerChart:
    """Path graph: input sources -> cluster -> buyers and partner industries -> abroad."""
    axis = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    links = (
        alt.Chart(edge_df)
        .mark_rule(color="#8ab17d", opacity=0.7)
        .encode(
            x=alt.X("x:Q", axis=axis, scale=alt.Scale(domain=[-0.4, 3.6])),
            y=alt.Y("y:Q", axis=axis),
            x2="x2:Q",
            y2="y2:Q",
            strokeWidth=alt.StrokeWidth("value_bn_idr:Q", title=t("province.flow_bn"),
                                        scale=alt.Scale(range=[1, 8])),
            tooltip=["from", "to", alt.Tooltip("value_bn_idr:Q", format=",.1f")],
        )
    )
    points = alt.Chart(node_df).mark_circle(size=180, color="#264653").encode(
        x="x:Q", y="y:Q", tooltip=["node"])
    text = alt.Chart(node_df).mark_text(dy=-12, fontSize=10).encode(x="x:Q", y="y:Q",
                                                                   text="node:N")
    return (links + points + text).properties(height=380)


chart_with_data(
    chain_graph,
    renamed(edge_df[["step", "from", "to", "value_bn_idr"]]),
    f"domestic_chain_{cluster_id}",
    key="dl_chain",
    spec_key=("domestic_chain", cluster_id),
)
st.caption(t("province.chain_note"))

tab_b, tab_s, tab_p = st.tabs([t("province.tab_buyers"), t("province.tab_sources"),
                               t("province.tab_partners")])
def in_words(df: pd.DataFrame) -> pd.DataFrame:
    """The chain tables' codes in the page's language (kind of buyer, 'abroad')."""
    out = df.copy()
    if "kind" in out:
        slugs = [str(k).replace(" (", "_").replace(")", "").replace(" ", "_") for k in out["kind"]]
        out["kind"] = [t(f"dom.kind.{k}") for k in slugs]
    for col in ("buyer", "source", "buyer_province"):
        if col in out:
            out[col] = out[col].replace({"abroad": t("province.abroad")})
    return out


with tab_b:
    table_with_download(renamed(in_words(chain["buyers"])), f"buyers_{cluster_id}",
                        key="dl_buyers", excel=True)
with tab_s:
    src = chain["sources"]
    top_src = (src.groupby("source", as_index=False)["attributed"].sum()
               .sort_values("attributed", ascending=False))
    st.caption(t("province.sources_note"))
    table_with_download(renamed(in_words(top_src)), f"sources_by_province_{cluster_id}",
                        key="dl_src_prov")
    table_with_download(renamed(in_words(src)), f"sources_{cluster_id}", key="dl_sources",
                        excel=True)
with tab_p:
    partners = chain["partners"]
    st.caption(t("province.partners_note"))
    table_with_download(renamed(partners), f"partners_{cluster_id}", key="dl_partners",
                        excel=True)
