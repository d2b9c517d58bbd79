"""The Diversification and Compare countries pages (issue 17, item 5) under AppTest, in both
languages, with their numbers compared to the gvc API called directly."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app_pages.i18n import LABELS
from gvc import i18n
from tests.helpers import REPO


@pytest.fixture(autouse=True)
def _fresh_app(con, monkeypatch):
    monkeypatch.setenv("GVC_DB", str(con.path))
    st.cache_data.clear()
    st.cache_resource.clear()


def _open(page: str, lang: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["en", "id"])
def test_diversification_page_shows_the_api_ranking(con, lang):
    ref = con.growth_opportunities("IDN", 2016)
    at = _open("diversification", lang, country="IDN", year="2016")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[LABELS["div.eci"][lang]] == i18n.number(ref.attrs["eci"], lang, 2)
    assert metrics[LABELS["div.strategy_used"][lang]] == LABELS["div.strategy_light_touch"][lang]
    table = at.dataframe[-1].value
    product = LABELS["col.product"][lang]
    assert table[product].head(10).tolist() == ref["product"].head(10).astype(str).tolist()
    assert len(table) == 100  # the default "Products shown"
    assert len(at.get("vega_lite_chart")) >= 1  # the treemap


def test_diversification_strategy_choice_changes_the_weights(con):
    ref = con.growth_opportunities("IDN", 2016, strategy="long_jumps")
    at = _open("diversification", "en", country="IDN", year="2016", strategy="long_jumps")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Weights: distance / PCI / COG"] == "0.45 / 0.20 / 0.35"
    table = at.dataframe[-1].value
    assert table["Product"].head(5).tolist() == ref["product"].head(5).astype(str).tolist()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_compare_page_gives_both_eci_rankings(con, lang):
    plain = con.complexity_rankings(2016).set_index("location")
    atlas = con.complexity_rankings(2016, atlas_filters=True).set_index("location")
    at = _open("compare", lang, year="2016", countries="IDN,VNM,THA")
    table = at.dataframe[0].value
    assert len(table) == 3
    idn = table.iloc[0]
    assert idn[LABELS["col.eci_rank_atlas"][lang]] == f"{int(atlas.loc['IDN', 'rank'])} / 136"
    assert idn[LABELS["col.eci_rank_all"][lang]] == (
        f"{int(plain.loc['IDN', 'rank'])} / {len(plain)}")
    # WIOD covers Indonesia only; the page says which countries no table covers
    assert any("VNM" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_trends_page_sums_the_chapter_exports(con, lang):
    ref = con.exports(exporter="IDN", level=2)
    by_year = ref.groupby("year")["value_usd"].sum()
    at = _open("trends", lang, country="IDN")
    metrics = {m.label: m.value for m in at.metric}
    last, first = int(by_year.index.max()), int(by_year.index.min())
    from app_pages.common import fmt_usd

    assert metrics[LABELS["trends.exports"][lang].format(year=last)] == fmt_usd(
        by_year.loc[last], lang)
    assert metrics[LABELS["trends.exports"][lang].format(year=first)] == fmt_usd(
        by_year.loc[first], lang)
    ranks = at.dataframe[-1].value
    r2016 = con.complexity_rankings(2016, level=2).set_index("location").loc["IDN", "rank"]
    year_col, rank_col = LABELS["col.year"][lang], LABELS["col.rank"][lang]
    assert sorted(ranks[year_col]) == list(range(2011, 2021))  # BACI HS2 2011-2020, every year
    assert int(ranks.set_index(year_col).loc[2016, rank_col]) == int(r2016)


# -- Data page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "id"])
def test_data_page_lists_datasets_and_the_products_gaps(con, lang):
    at = _open("data", lang, product="9403")
    assert not at.exception
    assert not at.error
    ds = con.datasets()
    tables = [d.value for d in at.dataframe]
    listed = next(tb for tb in tables if LABELS["col.feeds"][lang] in tb.columns)
    assert len(listed) == len(ds)
    flows = listed[listed[LABELS["col.table_name"][lang]] == "trade_flows"]
    feeds = {"en": "market targets", "id": "pasar sasaran"}[lang]  # in the page's language
    assert flows[LABELS["col.feeds"][lang]].str.contains(feeds).all()
    gaps = next(tb for tb in tables if LABELS["col.command"][lang] in tb.columns
                and LABELS["col.analysis"][lang] in tb.columns)
    expected = con.data_gaps("9403")
    assert len(gaps) == len(expected)
    status = dict(zip(expected["key"], expected["status"], strict=True))
    assert status["product_targets"] == "missing"
    assert status["icio"] == "loaded"
    text = " ".join(m.value for m in at.markdown)
    assert "gvc download baci --release V202501" in text
    assert LABELS["data.gap_product_targets"][lang] in text


# -- Country overview: one year and source per figure --------------------------------------------


@pytest.mark.parametrize("lang", ["en", "id"])
def test_overview_current_figures_name_their_year_and_source(con, lang):
    from app_pages.common import fmt_usd

    at = _open("overview", lang, country="IDN")
    metrics = {m.label: m.value for m in at.metric}
    partners = con.partner_trade("export", years=2024)
    label = LABELS["overview.exports_now"][lang].format(year=2024, source="UN Comtrade")
    assert metrics[label] == fmt_usd(float(partners["world_usd"].iloc[0]), lang)
    label = LABELS["overview.eci_rank_now"][lang].format(year=2023)
    assert metrics[label] == "67 / 145"
    adb = con.gvc_indicators("IDN", years=2022).iloc[0]
    label = LABELS["overview.adb_participation"][lang].format(year=2022)
    assert metrics[label] == i18n.percent(adb["gvcp_trade"], lang, 1)
    assert metrics[label] == {"en": "37.8%", "id": "37,8%"}[lang]
    io = con.io("icio2025", 2022)
    r, n = list(io.table.regions).index("IDN"), len(io.table.sectors)
    idn = io.x.to_numpy()[r * n:(r + 1) * n].sum()
    label = LABELS["overview.icio_output"][lang].format(year=2022)
    assert metrics[label] == fmt_usd(float(idn) * 1e6, lang)
    assert round(float(idn) / 1000, 1) == 2407.4  # bn USD, as the ICIO files give it
    # the WIOD market chart leaves the rest of the world out
    dest = LABELS["col.destination"][lang]
    tables = [d.value for d in at.dataframe if dest in d.value.columns]
    assert tables
    assert all("ROW" not in set(tb[dest]) for tb in tables)


def test_overview_other_country_says_partners_are_for_indonesia(con):
    at = _open("overview", "en", country="VNM")
    assert any("embedded for Indonesia" in i.value for i in at.info)
    metrics = {m.label: m.value for m in at.metric}
    vnm = con.gvc_indicators("VNM", years=2022).iloc[0]
    assert metrics[LABELS["overview.adb_participation"]["en"].format(year=2022)] == (
        f"{vnm['gvcp_trade']:.1%}")
