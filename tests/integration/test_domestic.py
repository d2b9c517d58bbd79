"""Domestic value chains on BPS IRIO 2016 (issue 16): reconciliation with the raw IRIO files,
hand-checked maths on synthetic tables (labelled), provinces and borders, partners, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from gvc.analytics import irio
from gvc.cli import main
from gvc.errors import DataNotFoundError, InvalidInputError, UnknownCodeError
from gvc.services.domestic import DomesticService
from tests.helpers import DATA

RAW_FLOWS = DATA / "io_tables" / "indonesia_irio2016_interprovincial_flows_52ind.parquet"
RAW_PI = DATA / "io_tables" / "indonesia_irio2016_province_industry_output_va_fd_linkages.csv"
GARUT = "jabar-3205-batik"


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """The IRIO shipments straight from the shipped parquet file (not through the database)."""
    f = pd.read_parquet(RAW_FLOWS)
    f["use"] = f["penggunaan"].map({"Bahan Baku": "intermediate", "Konsumsi Akhir": "final"})
    return f


@pytest.fixture(scope="module")
def raw_output() -> pd.Series:
    p = pd.read_csv(RAW_PI, dtype={"kode_prov": str})
    return p.set_index(["kode_prov", "kode_ind"])["output_jt"] / 1e3  # billion IDR


@pytest.fixture(scope="module")
def svc(con) -> DomesticService:
    return DomesticService(con.store)


def check_buyers(links, raw: pd.DataFrame, raw_output: pd.Series, prov: str) -> int:
    """Other-province buyer rows equal the raw shipments; all rows add up to the output."""
    b = links.buyers
    n = 0
    sold = raw[raw["kode_prov_eks"] == prov]
    by_ind = dict(tuple(sold.groupby("kode_ind_eks")))
    for ind in links.industries:
        mine = b[(b["industry"] == ind) & (b["kind"] == "other province")].set_index("buyer_code")
        f = by_ind[ind]
        for use in ("intermediate", "final"):
            want = f[f["use"] == use].groupby("kode_prov_imp")["nilai_mil"].sum()
            assert set(mine.index) == set(want.index)
            assert_allclose(mine.loc[want.index, use], want, rtol=1e-9, atol=1e-9)
        assert_allclose(mine["total"].sum(), f["nilai_mil"].sum(), rtol=1e-9, atol=1e-9)
        whole = b.loc[b["industry"] == ind, "total"].sum()
        row = links.summary.set_index("industry").loc[ind]
        if row["own_intermediate"] > 0 and row["own_final"] + row["foreign_exports"] > 0:
            assert_allclose(whole, raw_output.loc[(prov, ind)], rtol=1e-9, atol=1e-6)
        n += 1
    return n


def check_sources(links, raw: pd.DataFrame, prov: str) -> None:
    """Domestic supply rows equal the raw intermediate inflows; attributed adds to requirement."""
    s = links.sources
    inflow = raw[(raw["kode_prov_imp"] == prov) & (raw["use"] == "intermediate")]
    want = inflow.groupby(["kode_ind_eks", "kode_prov_eks"])["nilai_mil"].sum()
    want = want[want > 0]
    want.index.names = ["input_industry", "source_code"]
    other = s[~s["source_code"].isin([prov, "abroad"])]
    for ind in links.industries:
        mine = other[other["industry"] == ind].set_index(["input_industry", "source_code"])
        inputs = set(s.loc[s["industry"] == ind, "input_industry"])
        ref = want[want.index.get_level_values(0).isin(inputs)]
        assert set(mine.index) == set(ref.index)
        assert_allclose(mine.loc[ref.index, "supply"].to_numpy(), ref.to_numpy(), rtol=1e-9,
                        atol=1e-9)
        assert_allclose(mine["supply"].sum(), ref.sum(), rtol=1e-9, atol=1e-9)
    g = s.groupby(["industry", "input_industry"])
    per = pd.DataFrame({"attributed": g["attributed"].sum(), "requirement": g["requirement"].first(),
                        "domestic": s[s["source_code"] != "abroad"].groupby(
                            ["industry", "input_industry"])["supply"].sum()}).fillna(0.0)
    placed = per[per["domestic"] > 0]
    assert len(placed) > 0
    assert_allclose(placed["attributed"], placed["requirement"], rtol=1e-9, atol=1e-9)


# -- Garut batik -------------------------------------------------------------------------------


def test_garut_batik_reconciles_with_raw_irio(con, raw, raw_output) -> None:
    c = con.cluster(GARUT)
    links = c.domestic_links()
    assert links.province_code == "32"
    assert links.industries == ["I-15"]
    assert check_buyers(links, raw, raw_output, "32") == 1
    check_sources(links, raw, "32")
    b = links.buyers
    # Jawa Timur is the largest other-province buyer of West Java textiles (hand-checked in the
    # raw file: 2,878.6 intermediate + 5,060.2 final = 7,938.8 billion IDR).
    top = b[b["kind"] == "other province"].iloc[0]
    assert top["buyer_code"] == "35"
    assert_allclose(top["total"], 7938.826029, rtol=1e-8)
    s = links.summary.iloc[0]
    assert_allclose(s["output"], 199852.44, rtol=1e-12)
    # shipped linkage indices, as in the raw file
    p = pd.read_csv(RAW_PI, dtype={"kode_prov": str}).set_index(["kode_prov", "kode_ind"])
    assert_allclose(s["backward_norm"], p.loc[("32", "I-15"), "n_backward"], rtol=1e-12)
    assert_allclose(s["forward_norm"], p.loc[("32", "I-15"), "n_forward"], rtol=1e-12)
    # plausibility set fixed before looking: export orientation and import share in (0, 1)
    assert 0 < s["export_orientation"] < 1
    assert 0 < s["import_share_inputs"] < 1
    # own-province inputs are the largest domestic source of a Java textile industry
    by_src = links.sources.groupby("source_code")["attributed"].sum().drop("abroad")
    assert by_src.idxmax() == "32"


def test_one_cluster_per_imk_province_reconciles(con, svc, raw, raw_output) -> None:
    reg = con.clusters("bps_imk2025")
    assert len(reg) == 38
    prov = svc.provinces().set_index("province")
    seen = set()
    for rec in reg.to_dict("records"):
        links = svc.cluster_links(rec)
        parent = str(prov.loc[rec["province"], "irio_code"])
        assert links.province_code == str(prov.loc[rec["province"], "province_code"])
        # KBLI 10-33 = the 16 IRIO manufacturing industries I-12 ... I-27
        assert links.industries == [f"I-{i}" for i in range(12, 28)]
        assert check_buyers(links, raw, raw_output, parent) == 16
        check_sources(links, raw, parent)
        seen.add(parent)
    assert len(seen) == 34  # the four 2022 provinces fall back to their 2016 parents
    split = svc.cluster_links(reg[reg["province"] == "PAPUA TENGAH"].iloc[0].to_dict())
    assert any("Papua" in n and "2022" in n for n in split.notes)


# -- provinces, borders, outlines ----------------------------------------------------------------


def test_provinces_and_papua_mapping(svc) -> None:
    p = svc.provinces().set_index("province_code")
    assert len(p) == 38
    assert p["irio_code"].nunique() == 34
    assert p.loc["92", "irio_code"] == "91"  # Papua Barat Daya <- Papua Barat
    assert {p.loc[c, "irio_code"] for c in ("95", "96", "97")} == {"94"}
    geo = svc.geojson()
    codes = [f["properties"]["bps_code"] for f in geo["features"]]
    assert sorted(codes) == sorted(p.index)  # 38 distinct BPS codes, mapped by name
    by_name = {f["properties"]["PROVINSI"]: f["properties"]["bps_code"] for f in geo["features"]}
    # the outline file codes Papua Tengah 91 and Papua Barat 92 (Kemendagri-style ids)
    assert by_name["Papua Tengah"] == "96"
    assert by_name["Papua Barat"] == "91"
    assert svc.check_province("Kepulauan Riau") == "21"
    assert svc.check_province("Daerah Istimewa Yogyakarta") == "34"
    assert svc.check_industry("15") == "I-15"


def test_neighbours_from_shared_borders(svc) -> None:
    nb = svc.neighbours()
    pairs = set(zip(nb["province_code"], nb["neighbour_code"], strict=True))
    assert all((b, a) in pairs for a, b in pairs)  # symmetric
    near = {a: {b for x, b in pairs if x == a} for a, _ in pairs}
    # plausibility sets fixed in advance from the map of Indonesia (land borders only)
    assert near["32"] == {"31", "33", "36"}  # Jawa Barat: DKI Jakarta, Jawa Tengah, Banten
    assert near["34"] == {"33"}  # DI Yogyakarta: Jawa Tengah only
    assert {"61", "63", "64"} <= near["62"]  # Kalimantan Tengah
    # 2022 Papua provinces: Papua (Jayapura) borders Papua Tengah and Papua Pegunungan; Papua
    # Selatan (Merauke) borders Papua Pegunungan
    assert {"96", "97"} <= near["94"]
    assert "97" in near["95"]
    assert "51" not in near  # Bali has no land border with another province


def test_neighbours_hand_checked_topology() -> None:
    # synthetic 3-area topology: A and B share arc 0 (B uses it reversed, ~0 = -1); C is alone
    topo = {"objects": {"x": {"geometries": [
        {"properties": {"n": "A"}, "arcs": [[0, 1]]},
        {"properties": {"n": "B"}, "arcs": [[[-1, 2]]]},
        {"properties": {"n": "C"}, "arcs": [[3]]},
    ]}}}
    got = irio.neighbours(topo, "n")
    assert got.values.tolist() == [["A", "B"], ["B", "A"]]
    with pytest.raises(InvalidInputError, match="property 'name'"):
        irio.neighbours(topo, "name")
    with pytest.raises(InvalidInputError, match="exactly one object"):
        irio.neighbours({"objects": {}}, "n")


# -- maths on synthetic tables (generated here, labelled synthetic) -------------------------------


def test_national_coefficients_hand_checked() -> None:
    # synthetic: two WIOD sectors s1, s2; IRIO I-01 = s1, I-02 = half s1 half s2, I-03 = s2
    wiod = pd.DataFrame([
        ("input", "s1", "s1", 10.0, 5.0), ("input", "s2", "s1", 20.0, 0.0),
        ("input", "s1", "s2", 30.0, 10.0),
        ("output", "s1", "s1", 100.0, 0.0), ("output", "s2", "s2", 200.0, 0.0),
        ("exports", "s1", "s1", 50.0, 0.0), ("exports", "s2", "s2", 20.0, 0.0),
    ], columns=["kind", "from_sector", "to_sector", "domestic", "imported"])
    w = pd.DataFrame([("I-01", "s1", 1.0), ("I-02", "s1", 0.5), ("I-02", "s2", 0.5),
                      ("I-03", "s2", 1.0)], columns=["industry", "sector", "weight"])
    x = pd.Series({"I-01": 30.0, "I-02": 20.0, "I-03": 90.0})
    r = irio.national_coefficients(wiod, w, x)
    # a(s1,s1)=0.1, a(s2,s1)=0.2, a(s1,s2)=0.15; I-03 uses s1 inputs only: 0.15
    # s1 sales split I-01 : I-02 = 30 : 10 -> 0.75 / 0.25 ; s2 split I-02 : I-03 = 10 : 90
    dom = r["domestic"]
    assert_allclose(dom.loc["I-01", "I-03"], 0.75 * 0.15, rtol=1e-12)
    assert_allclose(dom.loc["I-02", "I-03"], 0.25 * 0.15, rtol=1e-12)
    assert_allclose(dom.loc["I-03", "I-03"], 0.0, atol=1e-15)
    # I-02 column = 0.5 a(., s1) + 0.5 a(., s2); row I-03 = 0.9 x s2 row
    assert_allclose(dom.loc["I-03", "I-02"], 0.9 * 0.5 * 0.2, rtol=1e-12)
    # imports: s1 <- 5 of 100 into s1, 10 of 200 into s2; I-01 share = 0.05 / (0.05 + 0.3)
    assert_allclose(r["import_share"]["I-01"], 0.05 / 0.35, rtol=1e-12)
    assert_allclose(r["export_share"]["I-02"], 0.5 * 0.5 + 0.5 * 0.1, rtol=1e-12)


def test_province_use_and_buyers_hand_checked() -> None:
    # synthetic two-province, one-industry table
    pi = pd.DataFrame({"province_code": ["A", "B"], "industry": ["I-01", "I-01"],
                       "output_m_idr": [100e3, 50e3], "final_demand_m_idr": [60e3, 40e3]})
    flows = pd.DataFrame({
        "from_province_code": ["A", "A", "B", "B"], "to_province_code": ["B", "B", "A", "A"],
        "industry": ["I-01"] * 4, "use": ["intermediate", "final"] * 2,
        "value_bn_idr": [10.0, 20.0, 5.0, 45.0]})
    totals = pd.DataFrame({"province_code": ["A", "B"], "foreign_exports_m_idr": [15e3, 99e3]})
    u = irio.province_use(pi, flows, pd.Series({"I-01": 0.3}), totals).set_index("province_code")
    assert_allclose(u.loc["A", "own_intermediate"], 100 - 60 - 10, rtol=1e-12)
    assert_allclose(u.loc["A", "foreign_exports"], 15.0, rtol=1e-12)
    assert_allclose(u.loc["A", "own_final"], 60 - 20 - 15, rtol=1e-12)
    # B: final demand 40 < final shipments 45 -> own final 0, exports capped at 0
    assert u.loc["B", "own_final"] == 0
    assert u.loc["B", "foreign_exports"] == 0
    b = irio.buyers(u.reset_index(), flows, "A", ["I-01"], {"A": "Aa", "B": "Bb"})
    assert_allclose(b["total"].sum(), 100.0, rtol=1e-12)
    assert b.iloc[0]["buyer"] == "Aa"
    assert b.iloc[0]["total"] == 55.0


# -- partners ----------------------------------------------------------------------------------


def test_garut_partners(con, svc, raw) -> None:
    c = con.cluster(GARUT)
    p = c.partners(top=None)
    assert (p["rank"] == np.arange(1, len(p) + 1)).all()
    assert set(p["buyer_province_code"]) <= {"32", "31", "33", "36"}  # own + land neighbours
    assert p["neighbour"].any()
    assert (~p["neighbour"]).any()
    assert (p["buyer_exports"] > 0).all()
    assert (np.diff(p["export_linked"].to_numpy()) <= 1e-12).all()
    # step 1 of a neighbour is the raw intermediate shipment 32 -> 33 of I-15
    want = raw[(raw["kode_prov_eks"] == "32") & (raw["kode_prov_imp"] == "33")
               & (raw["kode_ind_eks"] == "I-15") & (raw["use"] == "intermediate")]["nilai_mil"]
    jt = p[p["buyer_province_code"] == "33"]
    assert_allclose(jt["sales_to_province"].iloc[0], want.sum(), rtol=1e-9)
    assert jt["sales_to_buyer"].sum() <= want.sum() * (1 + 1e-9)
    # BPS IMK 2025 context: Jawa Barat's share of MSEs with partnerships
    imk = pd.read_csv(DATA / "msme" / "bps_imk_2025_by_province_micro_small.csv", sep=";")
    jb = imk[imk["provinsi"] == "JAWA BARAT"].iloc[0]
    share = jb["umk_kemitraan_ya"] / (jb["umk_kemitraan_ya"] + jb["umk_kemitraan_tidak"])
    assert_allclose(p.loc[~p["neighbour"], "imk_share_partnership"].iloc[0], share, rtol=1e-12)
    first = p.iloc[0]
    assert first["buyer_province"] in first["why"]
    assert "exports" in first["why"]
    pid = c.partners(top=3, lang="id")
    assert len(pid) == 3
    assert "mengekspor" in pid["why"].iloc[0]
    # Indonesian words and separators: "Rp 48,2 triliun" for 48,194.8 billion IDR
    bn = pid["sales_to_buyer"].iloc[0]
    assert bn > 1000  # (so the amount is in triliun)
    want = f"Rp {bn / 1000:.1f} triliun".replace(".", ",")
    assert want in pid["why"].iloc[0]
    with pytest.raises(InvalidInputError, match="'lang'"):
        c.partners(lang="fr")


# -- province measures, flows, chain ---------------------------------------------------------------


def test_province_measures(svc) -> None:
    m = svc.province_measures()
    assert len(m) == 38
    assert int(m["firms"].sum()) == 4_461_888  # BPS IMK 2025 national total (SOURCES.md)
    assert int(m["workers"].sum()) == 9_484_645
    t = svc.province_measures("I-15").set_index("province_code")
    assert_allclose(t.loc["32", "output_bn_idr"], 199852.44, rtol=1e-12)
    assert t.loc["96", "output_bn_idr"] == t.loc["94", "output_bn_idr"]  # 2016 parent
    assert t["share_partnership"].between(0, 1).all()


def test_province_flows_and_chain(con, svc, raw) -> None:
    out = svc.province_flows("Jawa Barat", "I-15", "buyers")
    want = raw[(raw["kode_prov_eks"] == "32") & (raw["kode_ind_eks"] == "I-15")]["nilai_mil"]
    assert_allclose(out["total"].sum(), want.sum(), rtol=1e-9)
    inn = svc.province_flows("32", "I-15", "suppliers")
    want = raw[(raw["kode_prov_imp"] == "32") & (raw["kode_ind_eks"] == "I-15")]["nilai_mil"]
    assert_allclose(inn["total"].sum(), want.sum(), rtol=1e-9)
    c = con.cluster(GARUT)
    ch = svc.chain(c.domestic_links(), c.partners(top=5))
    assert set(ch["step"]) == {1, 2, 3, 4}
    assert (ch["value_bn_idr"] >= 0).all()
    with pytest.raises(InvalidInputError, match="'direction'"):
        svc.province_flows("32", "I-15", "sideways")


# -- bad input -----------------------------------------------------------------------------------


def test_bad_input(con, svc, tmp_path) -> None:
    with pytest.raises(UnknownCodeError, match="province"):
        con.domestic_links("Atlantis", "I-15")
    with pytest.raises(UnknownCodeError, match="IRIO 2016 industry"):
        con.domestic_links("32", "I-99")
    with pytest.raises(InvalidInputError, match="'kbli'"):
        svc.cluster_industries({"cluster_id": "x", "kbli": ""})
    bad = tmp_path / "geo"
    bad.mkdir()
    (bad / "indonesia_38_provinces_simplified.topo.json").write_text(json.dumps({
        "objects": {"p": {"geometries": [{"properties": {"PROVINSI": "Nowhere"}, "arcs": []}]}}}))

    class Store:
        data_dir = tmp_path

        def memo(self, key, compute):
            return compute()

        def sql(self, name, **params):
            return con.store.sql(name, **params)

    with pytest.raises(DataNotFoundError, match="'Nowhere' matches no BPS province"):
        DomesticService(Store()).neighbours()


def test_cli(con, capsys, tmp_path) -> None:
    db = ["--db", str(con.path), "--data-dir", str(con.data_dir)]
    assert main([*db, "domestic", "--cluster", GARUT, "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "Jawa Barat" in out
    assert "abroad" in out
    assert main([*db, "domestic", "--province", "32", "--industry", "I-15", "--what",
                 "partners", "--lang", "id", "--top", "2"]) == 0
    assert "mengekspor" in capsys.readouterr().out
    path = tmp_path / "src.csv"
    assert main([*db, "domestic", "--cluster", GARUT, "--what", "sources", "--out",
                 str(path)]) == 0
    assert len(pd.read_csv(path)) > 50
    assert main([*db, "domestic", "--what", "buyers"]) == 2
    assert "give --cluster" in capsys.readouterr().err


def test_cluster_why_and_workbook_carry_the_domestic_chain(con, tmp_path):
    """Issue 16 item 4: the 'why' of the products the cluster makes, and its workbook, say where
    the inputs come from and who buys, with shares recomputed here from the IRIO tables."""
    c = con.cluster("jabar-3205-batik")
    links = c.domestic_links()
    own = links.buyers.loc[links.buyers["kind"] == "own province", "total"].sum()
    own_pct = round(100 * own / links.buyers["total"].sum())
    src = links.sources.groupby("source")["attributed"].sum()
    abroad_pct = round(100 * src["abroad"] / src.sum())
    assert (own_pct, abroad_pct) == (74, 36)  # Garut batik: Jawa Barat textiles I-15
    opp = c.opportunities()
    made = opp[opp["roles"].str.contains("made")]
    assert len(made) >= 1
    assert made["why"].str.endswith(
        f"stay in its province; largest other buyers: Jawa Timur, Sumatera Selatan, DKI Jakarta;"
        f" inputs come from Jawa Barat (52%), abroad ({abroad_pct}%), Jawa Timur (3%).").all()
    assert made["why_id"].str.contains(f"{own_pct}% penjualan industri ini tetap").all()
    assert not opp.loc[~opp["roles"].str.contains("made"), "why"].str.contains(
        "Domestic chain").any()
    import openpyxl

    wb = openpyxl.load_workbook(c.export(tmp_path / "batik.xlsx", lang="en"))
    assert {"domestic buyers", "input sources"} <= set(wb.sheetnames)
    assert wb["domestic buyers"].max_row == len(links.buyers) + 1
