"""The app's downloads (app_pages.downloads) and the product-space drawing layout."""

from __future__ import annotations

import io
import math

import networkx as nx
import openpyxl
import pandas as pd
import pytest

from app_pages.downloads import column_descriptions, csv_bytes, excel_bytes, method_notes
from app_pages.i18n import LABELS
from gvc.analytics.layout import radial_tree_layout
from gvc.export import to_csv_bytes


def _shown(language: str) -> pd.DataFrame:
    """A table as a page shows it: translated column names, an uploaded name with a formula."""
    return pd.DataFrame(
        {
            LABELS["col.product"][language]: ["0901", "6304"],
            LABELS["col.rca"][language]: [3.25, 0.4],
            "name": ["=HYPERLINK(\"http://evil.example\")", "Batik\r=1+1"],
        }
    )


def test_column_descriptions_follow_the_language():
    en = column_descriptions(_shown("en"), "en")
    assert set(en) == {"Product", "RCA"}  # 'name' has no description: left out, not invented
    assert en["RCA"].startswith("Revealed comparative advantage")
    idn = column_descriptions(_shown("id"), "id")
    assert idn["Produk"] == "Kode produk HS."
    assert idn["RCA"].startswith("Keunggulan komparatif")


def test_app_excel_download_can_be_handed_on(con):
    df = _shown("id")
    notes = method_notes("gvc_produk", "id", con.datasets(), con.fingerprint)
    wb = openpyxl.load_workbook(io.BytesIO(excel_bytes(df, "gvc_produk", "id", notes)))
    assert wb.sheetnames == ["gvc_produk", "Kolom", "Metode dan sumber"]
    data = wb["gvc_produk"]
    assert data.freeze_panes == "A2"
    assert data.auto_filter.ref == "A1:C3"
    assert data["C2"].value == '=HYPERLINK("http://evil.example")'
    assert data["C2"].data_type == "s"
    assert data["C2"].quotePrefix
    assert data["B2"].value == pytest.approx(3.25, rel=0, abs=1e-12)
    cols = [[c.value for c in r] for r in wb["Kolom"].iter_rows()]
    assert cols[0] == ["Kolom", "Keterangan"]
    assert cols[1] == ["Produk", "Kode produk HS."]
    method = {r[0]: r[1] for r in wb["Metode dan sumber"].iter_rows(values_only=True)}
    assert method["Cuplikan basis data"] == con.fingerprint
    assert method["Judul"] == LABELS["app.title"]["id"]
    datasets = [k for k in method if str(k).startswith("Dataset: ")]
    assert len(datasets) == len(con.datasets())
    baci = [v for k, v in method.items() if "baci" in str(k).lower()]
    assert baci
    assert any("CEPII" in v for v in baci)


def test_app_csv_download_is_the_export_module_csv():
    df = _shown("en")
    assert csv_bytes(df) == to_csv_bytes(df)
    assert b'"Batik\r\'=1+1"' in csv_bytes(df)  # the bare CR is inside quotes, '=' neutralised


def test_radial_tree_layout_hand_checked():
    """Path a-b-c: root b (highest tree degree) on ring 1 at angle pi; a and c on ring 2 in
    the middle of their half of the circle (pi/2 and 3pi/2); d, a lone node, gets its own
    sector of the root ring."""
    g = nx.Graph([("a", "b"), ("b", "c")])
    g.add_node("d")
    pos = radial_tree_layout(g, [("a", "b"), ("b", "c")])
    assert set(pos) == {"a", "b", "c", "d"}
    # two components: b's tree has 2 leaves, d has 1: sectors [0, 4pi/3) and [4pi/3, 2pi)
    expected = {
        "b": (math.cos(2 * math.pi / 3), math.sin(2 * math.pi / 3)),
        "a": (2 * math.cos(math.pi / 3), 2 * math.sin(math.pi / 3)),
        "c": (2 * math.cos(math.pi), 2 * math.sin(math.pi)),
        "d": (math.cos(5 * math.pi / 3), math.sin(5 * math.pi / 3)),
    }
    for node, (x, y) in expected.items():
        assert pos[node] == pytest.approx((x, y), rel=0, abs=1e-12), node
