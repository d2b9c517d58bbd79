"""The province view (app_pages/province.py) under AppTest, in English and Bahasa Indonesia."""

from __future__ import annotations

import json

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


def open_province(**params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("app_pages/province.py").run()
    assert not at.exception, at.exception
    return at


def charts(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]


def layer_values(spec: dict, i: int) -> list[dict]:
    """The inline data of layer ``i`` (Altair moves it to the top-level ``datasets``)."""
    data = spec["layer"][i]["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_province_page_map_flows_chain(con, lang: str) -> None:
    at = open_province(lang=lang)
    assert at.title[0].value == LABELS["province.title"][lang]
    assert [e.value for e in at.error] == []
    specs = charts(at)
    assert len(specs) == 3  # map, flows, chain
    shapes = layer_values(specs[0], 0)
    assert len(shapes) == 38  # all 38 provinces have an outline with a BPS code
    jb = next(f for f in shapes if f["properties"]["code"] == "32")
    # the IMK 2025 firm count of Jawa Barat is the map value (BPS IMK 2025)
    firms = con.domestic().province_measures().set_index("province_code").loc["32", "firms"]
    assert jb["properties"]["value"] == float(firms)
    links = con.cluster("jabar-3205-batik").domestic_links()
    out = i18n.number(links.summary["output"].sum(), lang, 0)  # "14,265" / "14.265"
    assert any(m.value == out for m in at.metric)
    labels = {m.label for m in at.metric}
    assert LABELS["province.import_share"][lang] in labels
    assert len(at.dataframe) >= 6  # data behind every chart + buyers/sources/partners tables


def test_province_page_papua_split_and_irio_measure(con) -> None:
    at = open_province(prov="96", measure="export_orientation", ind="I-13", dir="suppliers")
    assert any("2022" in i.value for i in at.info)  # Papua Tengah: IRIO values of Papua
    shapes = layer_values(charts(at)[0], 0)
    by = {f["properties"]["code"]: f["properties"]["value"] for f in shapes}
    assert by["96"] == by["94"]
    assert 0 <= by["32"] <= 1


def test_province_outlines_are_wound_for_the_map_projection(con):
    """d3-geo (Vega's projection) needs clockwise exterior rings, else a province is drawn as
    the whole sphere minus the province (the map becomes one filled square)."""
    from gvc.services.domestic import _ring_area

    geo = con.domestic().geojson()
    assert len(geo["features"]) == 38
    exteriors = holes = 0
    for f in geo["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for rings in polys:
            assert _ring_area(rings[0]) < 0  # clockwise
            exteriors += 1
            for hole in rings[1:]:
                assert _ring_area(hole) > 0
                holes += 1
    assert exteriors >= 38
