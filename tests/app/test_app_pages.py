"""Every page of the Streamlit app under AppTest: widgets, shown numbers, URL state, languages.

The numbers a page shows are compared with the ``gvc`` API called directly (and, where one
exists, with an independent route to the same figure, e.g. the raw exports table).
"""

from __future__ import annotations

import io
import re
import warnings

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app_pages.common import fmt_usd
from app_pages.i18n import LABELS
from gvc import i18n
from gvc.clusters_registry import template_frames
from tests.helpers import REPO

CLUSTER = "jabar-3205-batik"


@pytest.fixture(autouse=True)
def _fresh_app(con, monkeypatch):
    monkeypatch.setenv("GVC_DB", str(con.path))
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(page: str, **params: str) -> AppTest:
    """Run the app with ``params`` in the URL and switch to ``app_pages/<page>.py``."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def io2011(con):
    """WIOD 2011 (its two LUX sectors with output -1 warn once per Gvc; known, see test_io)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="IO table wiod2013 2011: negative gross output")
        return con.io("wiod2013", 2011)


def metric(at: AppTest, key: str, lang: str = "en", **fmt: object) -> str:
    text = LABELS[key][lang].format(**fmt)
    hits = [m.value for m in at.metric if m.label == text]
    assert hits, f"no metric {text!r} in {[m.label for m in at.metric]}"
    return hits[0]


def test_every_used_label_exists_in_both_languages():
    used: set[str] = set()
    for path in [REPO / "app.py", *sorted((REPO / "app_pages").glob("*.py"))]:
        text = path.read_text()
        used |= set(re.findall(r'\bt\(\s*"([a-z_]+\.[a-z_0-9.]+)"', text))
        used |= set(re.findall(r'pick\(\s*"([a-z_]+\.[a-z_0-9.]+)"', text))
    prefixes = {
        "sectors.kind_": ["section", "chapter", "io"],
        "paths.sink_": ["final_demand", "exports", "total_final_demand", "intermediate_exports"],
        "markets.grain_": ["hs", "io"],
        "assess.mode_": ["cluster", "enterprise"],
        "paths.origin_": ["sector", "cluster"],
        "role.": ["made", "activity", "adjacent", "supplier"],
        "linkage.": ["key", "backward", "forward", "weak"],
    }
    used |= {p + s for p, suffixes in prefixes.items() for s in suffixes}
    assert len(used) > 150
    assert sorted(used - set(LABELS)) == []
    assert [k for k, v in LABELS.items() if not v.get("en") or not v.get("id")] == []


def test_fmt_usd_in_both_languages():
    assert fmt_usd(157_201_600_000, "en") == "USD 157.2 billion"
    assert fmt_usd(2_345_600_000, "id") == "USD 2,3 miliar"
    assert fmt_usd(1_234_567_000_000_000, "id") == "USD 1.234,6 triliun"
    assert fmt_usd(999, "en") == "USD 999"
    assert fmt_usd(None, "en") == "-"


# -- overview -------------------------------------------------------------------------------------


def test_overview_shows_the_country_profile(con):
    at = open_page("overview")
    assert at.title[0].value == LABELS["overview.title"]["en"]
    raw = con.exports(year=2016, exporter="IDN", source="atlas_hs92_2016")
    assert metric(at, "overview.exports", year=2016, source="Atlas HS92") == fmt_usd(raw["value_usd"].sum(), "en")
    ranks = con.complexity_rankings(2016)
    idn = ranks[ranks["location"] == "IDN"].iloc[0]
    assert metric(at, "overview.eci_rank") == f"{idn['rank']} / {len(ranks)}"
    assert metric(at, "overview.diversity") == str(idn["diversity"])
    part = io2011(con).participation("IDN").iloc[0]
    assert metric(at, "overview.backward") == f"{part['backward']:.1%}"
    assert metric(at, "overview.forward") == f"{part['forward']:.1%}"
    # charts offer their data: top products table = the 15 largest exports
    tops = [d.value for d in at.dataframe if LABELS["col.export_value"]["en"] in d.value.columns]
    top = tops[0]
    cx = con.complexity(2016, country="IDN")
    expected = cx.nlargest(15, "export_value")["product"].astype(str).tolist()
    assert top.iloc[:, 0].astype(str).tolist() == expected
    assert len(at.get("download_button")) >= 5


def test_overview_country_and_level_switch_keep_url_state(con):
    at = open_page("overview")
    at.selectbox(key="country").set_value("VNM").run()
    assert not at.exception
    assert at.query_params["country"] == ["VNM"] or at.query_params["country"] == "VNM"
    vnm = con.exports(year=2016, exporter="VNM", source="atlas_hs92_2016")["value_usd"].sum()
    assert metric(at, "overview.exports", year=2016, source="Atlas HS92") == fmt_usd(vnm, "en")
    at.selectbox(key="level").set_value(2).run()
    assert not at.exception
    at.selectbox(key="year").set_value(2020).run()
    assert not at.exception
    assert metric(at, "overview.exports", year=2020, source="BACI HS92").startswith("USD")


def test_overview_opens_from_a_shared_url_in_bahasa(con):
    at = open_page("overview", lang="id", country="THA")
    assert at.title[0].value == LABELS["overview.title"]["id"]
    ranks = con.complexity_rankings(2016)
    tha = ranks[ranks["location"] == "THA"].iloc[0]
    assert metric(at, "overview.eci_rank", "id") == f"{tha['rank']} / {len(ranks)}"


# -- sector explorer ------------------------------------------------------------------------------


def test_sector_explorer_chapter_products_and_product_space(con):
    at = open_page("sectors", kind="chapter", chapter="09")
    assert not at.error
    label = LABELS["col.world_trade"]["en"]
    tables = [d.value for d in at.dataframe if label in d.value.columns]
    products = tables[0]
    codes = products.iloc[:, 0].astype(str)
    assert len(codes) > 5
    assert codes.str.startswith("09").all()
    cx = con.complexity(2016, country="IDN")
    cx = cx[cx["product"].astype(str).str.startswith("09")]
    assert metric(at, "sectors.group_exports") == fmt_usd(cx["export_value"].sum(), "en")
    assert metric(at, "sectors.with_rca") == f"{int(cx['mcp'].sum())} / {len(cx)}"
    # the product-space table has one row per node of con.product_space
    space = tables[-1]
    g = con.product_space(2016, country="IDN")
    assert len(space) == g.number_of_nodes()
    assert int(space[LABELS["col.in_group"]["en"]].sum()) == len(codes)
    # the country's node attributes equal those con.product_space(country=...) sets
    rca = space.set_index(LABELS["col.product"]["en"])[LABELS["col.rca"]["en"]]
    for code in ["0901", "1511", "8703"]:
        assert rca[code] == pytest.approx(g.nodes[code]["rca"], rel=1e-12)


def test_sector_explorer_section_switch_and_io_sector(con):
    at = open_page("sectors")
    at.selectbox(key="section").set_value("XI").run()
    assert not at.exception
    at = open_page("sectors", kind="io", io="wiod2013", sector="c17")
    assert not at.exception
    assert not at.error
    link = io2011(con).linkages("IDN")
    row = link[link["sector"] == "c17"].iloc[0]
    assert metric(at, "col.backward") == f"{row['backward_domestic']:.2f}"
    assert metric(at, "col.forward") == f"{row['forward_domestic']:.2f}"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_sector_explorer_defaults_to_icio_2022(con, lang):
    """OECD ICIO 2022 is the default table: linkages, upstreamness and the foreign buyers."""
    at = open_page("sectors", kind="io", sector="C16", lang=lang)
    assert not at.exception
    assert not at.error
    assert at.selectbox(key="io").value == "icio2025"
    io = con.io("icio2025", 2022)
    row = io.linkages("IDN").set_index("sector").loc["C16"]
    assert metric(at, "col.backward", lang) == i18n.number(row["backward_domestic"], lang, 2)
    buyers = io.intermediate_exports("IDN", "C16", by="destination")
    assert metric(at, "col.inputs_abroad", lang) == fmt_usd(buyers["value"].sum() * 1e6, lang)
    dest = LABELS["col.destination"][lang]
    chart = next(d.value for d in at.dataframe if dest in d.value.columns)
    assert chart[dest].tolist() == buyers["destination"].head(20).tolist()


def test_linkage_paths_default_to_icio_2022(con):
    at = open_page("paths")
    assert not at.exception
    assert not at.error
    assert at.selectbox(key="io").value == "icio2025"
    paths, _ = con.io("icio2025", 2022).paths(("IDN", "A01"), None, kind="total_final_demand",
                                              top=30, max_depth=4)
    shown = next(d.value for d in at.dataframe if LABELS["col.path"]["en"] in d.value.columns)
    assert shown[LABELS["col.path"]["en"]].tolist() == paths["path"].tolist()
    at = open_page("paths", sink="intermediate_exports", target="IDN", sector="C16")
    assert not at.exception
    assert not at.error


# -- linkage paths --------------------------------------------------------------------------------


def test_linkage_paths_graph_and_table(con):
    at = open_page("paths", io="wiod2013", sector="c3", target="JPN")
    assert not at.error
    assert len(at.get("graphviz_chart")) == 1
    dot = at.get("graphviz_chart")[0].proto.spec
    assert dot.startswith("digraph")
    assert '"IDN c3"' in dot
    assert "__sink__" in dot
    paths, _ = io2011(con).paths(("IDN", "c3"), "JPN", kind="final_demand", top=30, max_depth=4)
    shown = next(d.value for d in at.dataframe if LABELS["col.path"]["en"] in d.value.columns)
    assert shown[LABELS["col.path"]["en"]].tolist() == paths["path"].tolist()
    assert metric(at, "paths.shown") == str(len(paths))
    # switch to the region's gross exports as the sink
    at.segmented_control(key="sink").set_value("exports").run()
    assert not at.exception
    assert not at.error
    assert at.query_params["sink"] in ("exports", ["exports"])


def test_linkage_paths_upstream_lists_the_suppliers(con):
    at = open_page("paths", io="wiod2013", direction="up", sector="c6", target="USA")
    assert not at.exception
    assert not at.error
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="supplier_paths: .* negative weights")
        paths, _ = io2011(con).supplier_paths(
            ("IDN", "c6"), "USA", kind="final_demand", top=30, max_depth=4
        )
    shown = next(d.value for d in at.dataframe if LABELS["col.path"]["en"] in d.value.columns)
    assert shown[LABELS["col.path"]["en"]].tolist() == paths["path"].tolist()
    assert shown[LABELS["col.path"]["en"]].str.endswith("IDN c6").all()
    dot = at.get("graphviz_chart")[0].proto.spec
    assert '"__va__"' in dot  # value added enters at the origins
    assert '"IDN c6" -> "__sink__"' in dot  # the chosen sector sells to the market
    assert metric(at, "paths.total_up") == fmt_usd(paths.attrs["total"] * 1e6)
    # back downstream: the same sector now starts the paths
    at.segmented_control(key="direction").set_value("down").run()
    assert not at.exception
    shown = next(d.value for d in at.dataframe if LABELS["col.path"]["en"] in d.value.columns)
    assert shown[LABELS["col.path"]["en"]].str.startswith("IDN c6").all()


def test_linkage_paths_from_a_cluster(con):
    at = open_page("paths", io="wiod2013", origin="cluster", cluster=CLUSTER)
    assert not at.exception
    assert not at.error
    opp = con.cluster(CLUSTER).opportunities()
    made = opp[opp["roles"].astype(str).str.contains("made")]
    sectors = [s for s in dict.fromkeys(made["io_sector"].dropna()) if s]
    assert sectors
    box = at.selectbox(key="sector")
    assert box.value in sectors
    assert len(box.options) == len(sectors)
    dot = at.get("graphviz_chart")[0].proto.spec
    assert f'"IDN {at.selectbox(key="sector").value}"' in dot


# -- market targets -------------------------------------------------------------------------------


def test_market_targets_ranking_map_and_downloads(con):
    at = open_page("markets")
    assert not at.error
    expected = con.market_targets("IDN", "0901", 2015, top=25)
    col = LABELS["col.importer"]["en"]
    tables = [d.value for d in at.dataframe if col in d.value.columns]
    full = next(t for t in tables if LABELS["col.corrections"]["en"] in t.columns)
    assert full[col].tolist() == expected["importer"].tolist()
    assert metric(at, "markets.untapped") == fmt_usd(expected["untapped"].sum(), "en")
    # the map's table holds the markets that have coordinates
    located = next(t for t in tables if LABELS["col.lat"]["en"] in t.columns)
    assert 0 < len(located) <= len(expected)
    assert set(located[col]) <= set(expected["importer"])
    assert len(at.get("download_button")) >= 4


def test_market_targets_unknown_product_says_no_data_answers():
    at = open_page("markets", product="9999")
    assert not at.exception
    assert at.warning
    assert "9999" in at.warning[0].value
    at = open_page("markets", product="99x")
    assert not at.exception
    assert at.error
    assert "99x" in at.error[0].value


@pytest.mark.parametrize(("product", "lang", "grain"), [
    ("9403", "id", "icio"), ("4403", "en", "icio"), ("5208", "id", "icio"),
    ("6205", "en", "icio"), ("1511", "id", "bps"), ("0901", "en", "hs"),
])
def test_market_targets_every_product_answers_in_both_languages(con, product, lang, grain):
    at = open_page("markets", product=product, lang=lang)
    assert not at.exception
    assert not at.error
    years = at.selectbox(key="year").options
    assert years, "the year list offers the years that answer"
    expected = con.market_targets("IDN", product, int(at.selectbox(key="year").value), top=25)
    assert expected["grain"].eq(grain).all()
    col = LABELS["col.importer"][lang]
    tables = [d.value for d in at.dataframe if col in d.value.columns]
    assert tables[0][col].tolist() == expected["importer"].tolist()
    if grain == "hs":
        assert not at.info
    else:
        from gvc.services.market_fallback import message

        cmd = expected.attrs["fallback"]["command"]
        text = message(expected.attrs["fallback"], lang).replace(cmd, f"`{cmd}`")
        assert at.info[0].value == text
        assert ("belum dimuat" in at.info[0].value) == (lang == "id")


def test_market_targets_by_io_sector(con):
    at = open_page("markets", grain="io", sector="c3", lang="id")
    assert not at.exception
    assert not at.error
    expected = con.market_targets("IDN", "c3", 2011, grain="io", top=25)
    value = metric(at, "markets.untapped", "id")
    assert value == fmt_usd(expected["untapped"].sum() * 1e6, "id")


# -- clusters -------------------------------------------------------------------------------------


def test_clusters_page_opportunities_readiness_and_downloads(con):
    at = open_page("clusters", registry="jabar_umkm", cluster=CLUSTER)
    assert not at.error
    expected = con.cluster(CLUSTER).opportunities()
    tables = [d.value for d in at.dataframe if "HS code" in d.value.columns]
    full = max(tables, key=len)
    assert full["HS code"].astype(str).tolist() == expected["hs4"].astype(str).tolist()
    keys = {b.proto.id.split("-")[-1] for b in at.get("download_button")}
    assert len(keys) >= 5
    csv = [b for b in at.get("download_button") if "dl_opportunities" in b.proto.id]
    assert csv
    ready = con.cluster(CLUSTER).readiness()
    score = ready.attrs["score"]
    shown = metric(at, "clusters.readiness_score")
    assert shown == ("-" if score != score else f"{score:.0f} / 100")


def _empty_cells(element) -> list[tuple[object, object]]:
    """Cells of a shown table a person would read as "no value": an empty cell or the text
    None/NaN. A missing number is fine where the table shows it as "-" (its placeholder)."""
    df, dash = element.value, element.proto.placeholder == "-"
    return [
        (i, c) for c in df.columns for i, v in df[c].items()
        if (not dash and (v is None or (isinstance(v, float) and v != v)))
        or (isinstance(v, str) and v.strip() in ("", "nan", "NaN", "None", "<NA>"))
    ]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_clusters_page_profile_and_graduation_say_what_is_known(con, lang):
    """Issue 15.4 in the page itself: the graduation and registry tabs show the views (no None,
    no NaN), the provincial prior and the unit trend; what is missing is one sentence."""
    at = open_page("clusters", registry="jabar_umkm", cluster=CLUSTER, lang=lang)
    assert not at.error
    c = con.cluster(CLUSTER)
    for d in at.dataframe:
        assert not _empty_cells(d), _empty_cells(d)[:3]
    shown = [d.value for d in at.dataframe]
    # no graduation table of dashes: one sentence naming the template columns
    assert [i.value for i in at.info] == [i18n.text("clusters.graduation_none", lang)]
    profile = next(df for df in shown if LABELS["col.value"][lang] in df.columns)
    values = profile[LABELS["col.value"][lang]].tolist()
    assert any(v.startswith("2017: 641;") for v in values)  # Open Data Jabar units 2017-2021
    prior = c.profile_view(lang).set_index("field").loc["share_credit", "value"]
    assert prior in values
    assert "BPS IMK 2025" in prior
    assert i18n.text("prof.basis.provincial_prior", lang) in set(
        profile[LABELS["clusters.col_source"][lang]])
    captions = " ".join(x.value for x in at.caption)
    assert "'export_share'" in captions
    assert "'firms_micro'" in captions
    assert "BPS IMK 2025" in captions  # the readiness tab says it scores with the prior


def test_clusters_page_graduation_table_of_a_province(con):
    """An IMK province has firm counts by workers: the table shows them as text, the download
    keeps numbers."""
    at = open_page("clusters", registry="bps_imk2025", cluster="imk2025-bali")
    assert not at.error
    rec = con.cluster("imk2025-bali").record
    for d in at.dataframe:
        assert not _empty_cells(d), _empty_cells(d)[:3]
    grad = next(d.value for d in at.dataframe if LABELS["col.size_class"]["en"] in d.value.columns)
    firms = grad[LABELS["col.firms"]["en"]].tolist()
    assert f"{rec['firms_micro']:,.0f}" in firms
    assert f"{rec['firms_small']:,.0f}" in firms
    assert not at.info  # the workers criterion is known; sales and capital are captions
    for crit in ("sales", "capital"):
        basis = i18n.text(f"grad.basis.{crit}", "en")
        assert sum(x.value.startswith(f"{basis}: Not known") for x in at.caption) == 1, crit


def test_clusters_page_food_service_draws_no_empty_chart(con):
    """A culinary cluster has no traded goods and no scored lever: no empty chart (nor a "NaN"
    legend), a sentence for the opportunities and one per lever naming the template columns."""
    cid = "jabar-3273-kuliner"
    assert con.cluster(cid).opportunities().empty
    at = open_page("clusters", registry="jabar_umkm", cluster=cid)
    assert not at.error
    assert not at.get("vega_lite_chart")
    assert i18n.text("clusters.no_opportunities", "en") in [i.value for i in at.info]
    levers = con.cluster(cid).readiness_view()
    unscored = levers[(levers["score"] == "not scored") & (levers["lever"] != "overall")]
    assert len(unscored) == 5
    captions = [x.value for x in at.caption]
    for rec in unscored.to_dict("records"):
        assert f"{rec['name']}: {rec['to_add']}" in captions
    for d in at.dataframe:
        assert not _empty_cells(d), _empty_cells(d)[:3]
    # the batik cluster keeps its two charts (top opportunities, readiness levers)
    assert len(open_page("clusters", registry="jabar_umkm", cluster=CLUSTER)
               .get("vega_lite_chart")) == 2


def test_clusters_upload_a_registry():
    frames = template_frames()
    row = frames["clusters"].assign(cluster_id="upload-batik-1", name="Uploaded batik cluster")
    buf = io.BytesIO()
    row.to_csv(buf, index=False)
    at = open_page("clusters")
    at.file_uploader(key="upload").upload("my_clusters.csv", buf.getvalue(), "text/csv").run()
    assert not at.exception
    assert not at.error, at.error[0].value if at.error else ""
    at.selectbox(key="registry").set_value("my_clusters").run()
    assert not at.exception
    assert at.selectbox(key="cluster").value == "upload-batik-1"
    assert metric(at, "clusters.firms") == "154"


def test_an_upload_belongs_to_the_session_that_made_it():
    """Another user of the same app process does not see the registry (nor its clusters)."""
    frames = template_frames()
    row = frames["clusters"].assign(cluster_id="private-batik-1", name="Private batik cluster")
    at = open_page("clusters")
    at.file_uploader(key="upload").upload(
        "private_clusters.csv", row.to_csv(index=False).encode(), "text/csv"
    ).run()
    assert not at.exception
    assert "private_clusters" in at.selectbox(key="registry").options
    other = open_page("clusters")
    assert "private_clusters" not in other.selectbox(key="registry").options
    other = open_page("self_assessment")
    assert not [o for o in other.selectbox(key="cluster").options if "private-batik-1" in o]
    other = open_page("clusters", registry="private_clusters", cluster="private-batik-1")
    assert other.selectbox(key="cluster").value != "private-batik-1"


def test_clusters_bad_upload_shows_the_validation_error():
    bad = pd.DataFrame({"cluster_id": ["x"], "name": ["no province"]}).to_csv(index=False)
    at = open_page("clusters")
    at.file_uploader(key="upload").upload("bad.csv", bad.encode(), "text/csv").run()
    assert not at.exception
    assert at.error


# -- self-assessment ------------------------------------------------------------------------------


def test_self_assessment_scores_the_answers(con):
    at = open_page("self_assessment", cluster=CLUSTER)
    # nothing answered yet: the score rests on the province's BPS IMK 2025 prior alone
    prior = con.cluster(CLUSTER).readiness().attrs["score"]
    assert metric(at, "clusters.readiness_score") == f"{prior:.0f} / 100"
    questions = con.cluster_questionnaire("cluster", "en")
    singles = [q for q in questions if q["kind"] == "single"]
    answers = {}
    for q in singles:
        at.radio(key=q["id"]).set_value(len(q["options"]) - 1)
        answers[q["id"]] = q["options"][-1]
    at.run()
    assert not at.exception
    assert not at.error
    expected = con.cluster(CLUSTER).readiness(answers=answers)
    assert metric(at, "clusters.readiness_score") == f"{expected.attrs['score']:.0f} / 100"
    assert at.query_params["q_credit"] in (
        str(len(singles[0]["options"]) - 1),
        [str(len(singles[0]["options"]) - 1)],
    )


def test_self_assessment_in_bahasa_enterprise_mode():
    at = open_page("self_assessment", lang="id", mode="enterprise")
    assert at.title[0].value == LABELS["assess.title"]["id"]
    assert any(r.label.startswith("Apakah usaha Anda") for r in at.radio)


# -- language switch ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "key"),
    [("home", "app.title"), ("paths", "paths.title"), ("clusters", "clusters.title")],
)
def test_language_switch(page, key):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300).run()
    if page != "home":
        at.switch_page(f"app_pages/{page}.py").run()
    at.sidebar.radio(key="lang").set_value("id").run()
    assert not at.exception
    assert at.title[0].value == LABELS[key]["id"]


def test_market_targets_context_of_the_markets_for_all_goods(con):
    at = open_page("markets", product="1511")
    assert not at.exception
    assert not at.error
    partners = con.partner_trade("export", years=2024).set_index("partner")
    col = LABELS["col.importer"]["en"]
    ctx = next(d.value for d in at.dataframe
               if LABELS["col.share_of_world"]["en"] in d.value.columns)
    first = ctx.iloc[0]
    assert first[LABELS["col.value_usd"]["en"]] == pytest.approx(
        partners.loc[first[col], "value_usd"])


def test_market_targets_fallback_table_has_no_empty_columns(con):
    at = open_page("markets", product="1511", lang="id")
    assert not at.exception
    assert not at.error
    full = next(d.value for d in at.dataframe if LABELS["col.corrections"]["id"] in d.value.columns)
    empty = [c for c in full.columns if full[c].replace("", None).isna().all()]
    assert empty == []
    assert LABELS["col.potential"]["id"] not in full.columns  # BPS grain: no potential


def test_paths_graph_draws_the_strongest_paths_of_a_large_set(con):
    """Issue 17 item 6: 120 paths drew 4 px text; the graph now draws the 40 strongest (the
    table keeps all 120) and says so."""
    at = open_page("paths", top="120")
    assert not at.exception
    assert metric(at, "paths.shown") == "120"
    table = at.dataframe[-1].value
    assert len(table) == 120
    dot = at.get("graphviz_chart")[0].proto.spec
    strongest = con.io("icio2025", 2022).paths(("IDN", "A01"), None, kind="total_final_demand",
                                               top=120, max_depth=4)[0].head(40)
    drawn = {n for p in strongest["path"] for n in p.split(" -> ")}
    boxes = set(re.findall(r'^\s*"([A-Z]{3} [A-Za-z0-9]+)" \[label=', dot, re.M))
    assert boxes == drawn  # exactly the nodes of the 40 strongest paths
    note = LABELS["paths.graph_top"]["en"].format(n=40, total=120)
    assert note in [c.value for c in at.caption]


def test_upstream_paths_to_a_market_say_which_markets_have_paths():
    """No path reaches Malta's final demand upstream of IDN agriculture: the page names the
    large markets that are reached instead of only saying "no path"."""
    at = open_page("paths", direction="up", io="wiod2013", sink="final_demand", target="MLT")
    assert not at.exception
    assert metric(at, "paths.shown") == "0"
    hint = next(c.value for c in at.caption if c.value.startswith("Markets where paths"))
    assert "USA · United States" in hint
    assert "CHN · China" in hint


def test_province_map_carries_the_38_outlines_with_the_measure(con):
    # the outlines join the spec's datasets after Altair made it (not inline values: 0.25 s of
    # every change of province); the map layer reads them by name
    import json

    at = open_page("province", prov="33")
    maps = [c for c in at.get("vega_lite_chart")
            if "gvc_province_outlines" in c.proto.spec]
    assert len(maps) == 1
    spec = json.loads(maps[0].proto.spec)
    assert spec["layer"][0]["data"] == {"name": "gvc_province_outlines"}
    assert spec["layer"][0]["mark"]["type"] == "geoshape"
    outlines = spec["datasets"]["gvc_province_outlines"]  # GeoJSON stays in the spec
    assert len(outlines) == 38
    firms = con.domestic().province_measures(None).set_index("province_code")["firms"]
    got = {f["properties"]["code"]: f["properties"]["value"] for f in outlines}
    assert set(got) == set(firms.index)
    for code, value in got.items():
        want = firms.get(code)
        assert (value is None) == pd.isna(want), code
        if value is not None:
            assert value == pytest.approx(float(want), rel=1e-12), code
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in outlines)
