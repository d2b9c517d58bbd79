"""Opportunity engine: pure helpers by hand, linkages against a direct Leontief inverse, an
end-to-end run on shipped real clusters, readiness gaps, downloads and the formula guard."""

from __future__ import annotations

import io
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gvc import i18n
from gvc import opportunities as opp
from gvc.analytics import relatedness as rel
from gvc.cli import main
from gvc.errors import InvalidInputError
from gvc.opportunity.adjacent import cluster_isic

# -- pure helpers -----------------------------------------------------------------------------

DATA = Path(__file__).resolve().parents[2] / "data"


def test_combine_renormalises_over_known() -> None:
    comp = pd.DataFrame(
        {"a": [0.5, np.nan, 0.2], "b": [1.0, np.nan, np.nan], "c": [np.nan, np.nan, 0.8]}
    )
    got = opp.combine(comp, {"a": 1, "b": 1, "c": 2})
    assert got[0] == pytest.approx(0.75)
    assert math.isnan(got[1])
    assert got[2] == pytest.approx((0.2 + 2 * 0.8) / 3)


def test_requirement_matrix_and_markets() -> None:
    m = opp.requirement_matrix(["0901", "1801", "6205"], [["09"], ["all"], ["1801", "6205"], [""]])
    assert m.tolist() == [
        [True, True, False, False],
        [False, True, True, False],
        [False, True, True, False],
    ]
    assert opp.market_codes("DEU") == {"DEU", "EU27"}
    assert opp.market_codes("ROM") == {"ROU", "EU27"}
    assert opp.market_codes("SAU") == {"SAU", "GCC"}
    assert opp.market_codes("USA") == {"USA"}


def test_bad_options(con) -> None:
    rec = con.cluster("jabar-3205-batik").record
    with pytest.raises(InvalidInputError, match=r"unknown key\(s\) \['speed'\]"):
        opp.opportunities(con.services.clusters.inputs, rec, weights={"speed": 1})
    with pytest.raises(InvalidInputError, match="'roles'"):
        opp.opportunities(con.services.clusters.inputs, rec, roles=["made", "stolen"])
    with pytest.raises(InvalidInputError, match="'min_proximity'"):
        opp.opportunities(con.services.clusters.inputs, rec, min_proximity=2)


# -- context ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ctx(con) -> opp.Context:
    return opp.get_context(con.services.clusters.inputs)


def test_sector_links_against_direct_inverse(con, ctx: opp.Context) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        io = con.io("wiod2013", 2011)
    A = io.A_array
    S = len(io.table.sectors)
    r0 = list(io.table.regions).index("IDN") * S
    e = np.zeros(io.n)
    e[r0 : r0 + S] = io.e_array[r0 : r0 + S]
    x = np.linalg.inv(np.eye(io.n) - A) @ e  # independent of the engine's LU solve
    buy = A[:, r0 : r0 + S] @ x[r0 : r0 + S]
    dom = buy[r0 : r0 + S]
    imp = buy.reshape(-1, S).sum(axis=0) - dom
    s = ctx.sectors
    np.testing.assert_allclose(s["output_for_exports"], x[r0 : r0 + S], rtol=1e-8)
    np.testing.assert_allclose(s["imported_inputs"], imp, rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(s["domestic_inputs"], dom, rtol=1e-8, atol=1e-9)
    # identity: output for exports >= direct exports (the rest goes into other exports)
    assert (s["output_for_exports"] >= s["exports"] - 1e-6).all()
    assert s.loc["c4", "name"] == "Textiles and Textile Products"
    # buyers of textiles as an input for exports: A[(r, c4), (IDN, j)] x_j summed over r, by hand
    i = list(io.table.sectors).index("c4")
    rows_c4 = [k * S + i for k in range(len(io.table.regions))]
    by_j = (A[rows_c4, r0 : r0 + S] * x[r0 : r0 + S][None, :]).sum(axis=0)
    by_j[i] = 0.0  # the sector itself is left out
    best = np.argsort(-by_j, kind="stable")[:3]
    got = s.loc["c4", "buyers"]
    assert [b for b, _ in got] == [io.table.sectors[j] for j in best]
    np.testing.assert_allclose([v for _, v in got], by_j[best], rtol=1e-8)


def test_context_products_match_complexity(con, ctx: opp.Context) -> None:
    cx = con.complexity(2016, "HS92", 4)
    world = cx.groupby("product", observed=True)["export_value"].sum()
    assert ctx.products.loc["6205", "world_trade"] == pytest.approx(world["6205"])
    idn = cx[cx["location"] == "IDN"].set_index("product")
    assert ctx.products.loc["0901", "rca"] == pytest.approx(idn.loc["0901", "rca"])
    share = idn["export_value"].sum() / world.sum()
    want = max(share * world["8703"] - idn.loc["8703", "export_value"], 0.0)
    assert ctx.products.loc["8703", "untapped_proxy"] == pytest.approx(want)
    # HS 6205 (shirts) is WIOD sector c4 (textiles), 0901 coffee is c1 or c3
    assert ctx.products.loc["6205", "sector"] == "c4"


# -- end to end on shipped real clusters ----------------------------------------------------------


@pytest.fixture(scope="module")
def batik(con) -> pd.DataFrame:
    return con.cluster("jabar-3205-batik").opportunities()


def test_batik_ranked_and_explained(con, ctx: opp.Context, batik: pd.DataFrame) -> None:
    df = batik
    assert len(df) > 20
    assert df["rank"].tolist() == list(range(1, len(df) + 1))
    assert df["score"].is_monotonic_decreasing
    made = set(df.loc[df["roles"].str.contains("made"), "hs4"])
    assert made == {"5208", "5212", "6205", "6206", "6214"}  # the compiled mapping
    assert {"adjacent", "supplier"} <= {r for rs in df["roles"] for r in rs.split("+")}
    for rec in df.head(5).to_dict("records"):
        assert "Feasibility" in rec["why"]
        assert "Attractiveness" in rec["why"]
        assert f"Markets ({rec['market_basis']}): {rec['top_markets']}." in rec["why"]
        if "supplier" in rec["roles"]:
            assert "the Indonesian industries that buy most of it for their exports" in rec["why"]
        assert "Pasar (" in rec["why_id"]
        assert "Kelayakan" in rec["why_id"]
        assert rec["top_markets"]
    # certifications are unknown in the source: readiness not scored, said in the notes
    assert df["readiness"].isna().all()
    assert any("certifications unknown" in n for n in df.attrs["notes"])
    # score = weighted mean of the three known components (readiness weight re-normalised)
    w = opp.DEFAULT_WEIGHTS
    top = df.iloc[0]
    want = (
        w["feasibility"] * top["feasibility"]
        + w["attractiveness"] * top["attractiveness"]
        + w["linkage"] * top["linkage"]
    ) / (1 - w["readiness"])
    assert top["score"] == pytest.approx(100 * want)


def test_batik_components_by_hand(con, ctx: opp.Context, batik: pd.DataFrame) -> None:
    cx = con.complexity(2016, "HS92", 4, country="IDN").set_index("product")
    pct = cx["density"].rank(pct=True)
    row = batik.set_index("hs4").loc["6205"]
    fw = opp.FEASIBILITY_WEIGHTS
    assert row["feasibility"] == pytest.approx(
        fw["relatedness"] * 1.0 + fw["density"] * pct["6205"], abs=1e-12
    )
    prox = con.proximity(2016, "HS92", 4)
    made = ["5208", "5212", "6205", "6206", "6214"]
    adj = batik[batik["roles"].str.contains("adjacent")].iloc[0]
    near = adj["nearest_product"]
    assert near in made
    sel = prox[
        (prox["product_1"].astype(str) == adj["hs4"]) & (prox["product_2"].astype(str) == near)
    ]
    phi = sel["proximity"].max()
    assert adj["cluster_proximity"] == pytest.approx(phi, abs=1e-12)
    # relatedness by hand: both in WIOD c4 textiles (inputs 1); chapter or section XI shared;
    # the activity term: the mean of the ISIC level (class of the product vs 1313/1410, read
    # from its components) and how well BPS's descriptions of the cluster's KBLI codes name it
    w = rel.check_weights(None)
    hier = 1.0 if adj["hs4"][:2] == near[:2] else 0.5
    parts = adj["relatedness_components"]
    level = (
        1.0
        if "ISIC class" in parts
        else 2 / 3
        if "ISIC group" in parts
        else (1 / 3 if "ISIC division" in parts else 0.0)
    )
    rec = con.cluster("jabar-3205-batik").record
    codes = [c for c in str(rec["kbli"]).split(";") if c]  # 1410 is ISIC only: no description
    kbli = pd.read_csv(DATA / "concordances/kbli2020_bps_titles.csv", dtype=str,
                       keep_default_na=False).set_index("kode")
    five = kbli[kbli["digit"] == "5"]
    codes = [c for c in codes if c in kbli.index]
    assert codes
    texts_id = con.services.clusters.inputs.sql("cluster_hs4_texts_id").set_index("hs4")["text"]
    heads = list(ctx.products.index)
    model_id = rel.DescriptionModel(
        texts_id.reindex(heads).fillna("").tolist(), rel.WordsOf.titles(kbli["judul"]),
        more_texts=(five["judul"] + ". " + five["deskripsi"]).tolist(),
    )
    sims = np.max([model_id.similarity_to(f"{kbli.loc[c, 'judul']}. {kbli.loc[c, 'deskripsi']}")
                   for c in codes], axis=0)
    acts = cluster_isic(ctx, made, rec["kbli"], DATA)
    named = rel.activity_description(sims, list(ctx.products["isic4_main"]), acts)
    act = (level + named[heads.index(adj["hs4"])]) / 2
    # the description term: TF-IDF cosine of the two headings' HS 1992 texts, over all headings
    texts = con.services.clusters.inputs.sql("cluster_hs4_texts").set_index("hs4")["text"]
    model = rel.DescriptionModel(texts.reindex(heads).fillna("").tolist())
    desc = model.similarity([heads.index(adj["hs4"])], [heads.index(near)])[0, 0]
    want = w["product_space"] * phi + w["inputs"] * 1.0 + w["hierarchy"] * hier
    want += w["description"] * desc + w["activity"] * act
    # the text vectors are float32 (1,200 x 5,000 words): agreement to 1e-7
    assert adj["cluster_relatedness"] == pytest.approx(want, abs=1e-7)
    assert "shared inputs 1.00" in parts
    assert adj["feasibility"] == pytest.approx(
        fw["relatedness"] * want + fw["density"] * pct[adj["hs4"]], abs=1e-7
    )
    assert adj["cluster_relatedness"] >= 0.35  # the default floor
    assert "Related to what the cluster makes" in adj["why"]
    assert "Berkaitan dengan produk klaster" in adj["why_id"]


def test_weights_move_the_ranking(con) -> None:
    c = con.cluster("jabar-3205-batik")
    only_f = c.opportunities(
        weights={"feasibility": 1, "attractiveness": 0, "linkage": 0, "readiness": 0}
    )
    np.testing.assert_allclose(only_f["score"], 100 * only_f["feasibility"])
    only_a = c.opportunities(
        weights={"feasibility": 0, "attractiveness": 1, "linkage": 0, "readiness": 0}
    )
    assert only_a["attractiveness"].is_monotonic_decreasing
    assert only_a.iloc[0]["hs4"] != only_f.iloc[0]["hs4"]


def test_food_service_has_no_goods(con) -> None:
    df = con.cluster("jabar-3273-kuliner").opportunities()
    assert df.empty
    assert "no traded goods" in df.attrs["notes"][-1]


def test_readiness_gap_follows_certifications(con) -> None:
    markets = con.store.sql("cluster_bps_markets")
    top21 = markets[markets["chapter"] == "21"].head(3)["importer"].tolist()
    assert "MYS" in top21  # row 48 (Malaysia, halal) then applies to HS 2106
    text = (
        "cluster_id,name,province,kbli,hs_products,certifications\n"
        "h1,Halal snacks,JAWA BARAT,1079,2106,HALAL\n"
        "h2,Snacks SNI only,JAWA BARAT,1079,2106,SNI\n"
    )
    con.load_clusters(text.encode(), filename="snacks.csv")
    try:
        a = con.cluster("h1").opportunities().set_index("hs4").loc["2106"]
        b = con.cluster("h2").opportunities().set_index("hs4").loc["2106"]
    finally:
        con.remove_clusters("snacks")
    # SNI meets none of the certifiable requirements: every one is unmet
    assert b["readiness_gap"] == 1.0
    unmet_b = b["requirements_unmet"].split("; ")
    assert "MYS: HALAL (row 48)" in unmet_b
    assert "MYS: HALAL" in b["why"]
    # HALAL meets exactly the halal rows among them
    halal = [u for u in unmet_b if u.split(": ")[1].startswith("HALAL")]
    assert a["readiness_gap"] == pytest.approx(1 - len(halal) / len(unmet_b))
    assert "HALAL" not in a["requirements_unmet"]
    assert b["score"] < a["score"]


def test_imk_province_uses_activity_products(con) -> None:
    df = con.cluster("imk2025-bali").opportunities()
    assert not df.empty
    assert set(df["roles"].str.split("+").explode()) <= {"activity", "supplier"}
    assert len(df[df["roles"].str.contains("activity")]) == 80  # max_activity


# -- downloads and the formula-injection guard --------------------------------------------------

EVIL = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_formula_guard_both_formats(tmp_path) -> None:
    frame = pd.DataFrame({"text": EVIL, "number": [-1.5, 2, 3, 4, 5, 6]})
    for suffix in ("csv", "xlsx"):
        out = opp.export_workbook({"s": frame}, tmp_path / f"f.{suffix}")
        back = (
            pd.read_csv(out, keep_default_na=False)
            if suffix == "csv"
            else pd.read_excel(out, sheet_name="s")
        )
        for cell, raw in zip(back["text"], EVIL, strict=True):
            if suffix == "csv":  # CSV: an apostrophe before the formula sign
                assert cell.startswith("'"), (suffix, cell)
                assert cell[1:].strip() == raw.strip()
            else:  # .xlsx: the original text, stored as a text cell (never a formula)
                assert cell == raw.replace("\r", "\n"), (suffix, cell)  # XML keeps LF
        if suffix == "xlsx":
            import openpyxl

            ws = openpyxl.load_workbook(out)["s"]
            texts = [ws.cell(row=r, column=1) for r in range(2, 2 + len(EVIL))]
            assert all(c.data_type == "s" for c in texts)
            assert all(c.quotePrefix for c in texts if str(c.value).lstrip()[:1] in "=+-@")
        assert back["number"].iloc[0] == -1.5  # numbers untouched
    with pytest.raises(InvalidInputError, match=r"'--out' must end in .csv or .xlsx"):
        opp.export_workbook({"s": frame}, tmp_path / "f.txt")


def test_cluster_export_guards_user_text(con, tmp_path) -> None:
    text = (
        "cluster_id,name,province,kbli,hs_products,notes\n"
        "evil,\"=cmd|' /C calc'!A0\",BALI,1410,6205,@risky\n"
    )
    con.load_clusters(text.encode(), filename="evil.csv")
    try:
        c = con.cluster("evil")
        xl = c.export(tmp_path / "o.xlsx", lang="id", top=10)
        csv = c.export(tmp_path / "o.csv", lang="en", top=10)
    finally:
        con.remove_clusters("evil")
    sheets = pd.read_excel(xl, sheet_name=None)
    assert {"peluang", "kesiapan", "graduasi", "klaster", "Kolom"} <= set(sheets)
    assert set(sheets) - {"peluang", "kesiapan", "graduasi", "klaster", "Kolom"} <= {
        "pembeli domestik",
        "sumber input",
    }
    import openpyxl

    ws = openpyxl.load_workbook(xl)["klaster"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    name = cells["=cmd|' /C calc'!A0"]  # the original text, as a text cell
    assert name.data_type == "s"
    assert name.quotePrefix
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert "Peringkat" in sheets["peluang"].columns
    assert "Alasan" in sheets["peluang"].columns
    assert len(sheets["peluang"]) == 10
    head = pd.read_csv(csv, nrows=3)
    assert list(head.columns[:3]) == ["Rank", "HS code", "Product"]
    assert "Why" in head.columns


def test_cli_opportunities(con, tmp_path, capsys) -> None:
    out = tmp_path / "opp.xlsx"
    args = [
        "--db",
        str(con.path),
        "--data-dir",
        str(con.data_dir),
        "opportunities",
        "--cluster",
        "jabar-3205-bordir",
        "--out",
        str(out),
        "--top",
        "15",
    ]
    assert main(args) == 0
    assert "15 opportunities for jabar-3205-bordir" in capsys.readouterr().out
    sheets = pd.read_excel(out, sheet_name=None)
    assert len(sheets["opportunities"]) == 15
    assert {"Label", "Field", "Description", "Source"} <= set(sheets["Columns"].columns)
    assert (
        main([*args[:4], "opportunities", "--cluster", "jabar-3205-bordir", "--weights", "speed=1"])
        == 2
    )
    assert "unknown key(s) ['speed']" in capsys.readouterr().err


def test_export_bytes(con) -> None:
    c = con.cluster("jabar-3205-bordir")
    data = c.export_bytes("csv", lang="id", top=5)
    text = data.decode("utf-8")
    assert text.startswith('"Peringkat","Kode HS"')
    assert len(pd.read_csv(io.StringIO(text))) == 5
    assert c.export_bytes("xlsx", top=3)[:2] == b"PK"  # a zip container
    with pytest.raises(InvalidInputError, match="'fmt'"):
        c.export_bytes("pdf")


def test_linkage_path_values(con, ctx: opp.Context, batik: pd.DataFrame) -> None:
    row = batik.iloc[0]
    s = ctx.sectors.loc[row["io_sector"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        io = con.io("wiod2013", 2011)
    S = len(io.table.sectors)
    i = list(io.table.regions).index("IDN") * S + list(io.table.sectors).index(row["io_sector"])
    # v_s (L e)_s: value added of the sector embodied in Indonesia's exports
    assert row["sector_va_in_exports_musd"] == pytest.approx(
        io.v_array[i] * s["output_for_exports"]
    )
    # the path in words: each Indonesian sector by code and name, then its value added
    name = s["name"]
    assert row["main_path"].startswith(f"{row['io_sector']} {name} -> c")
    assert re.search(r" -> exports \(USD [\d.,]+ (million|billion|thousand) of value added\)$",
                     row["main_path"]), row["main_path"]
    # in Indonesian the same path, the sector named in KBLI words
    assert row["main_path_id"].startswith(
        f"{row['io_sector']} {i18n.name('sector.wiod2013', row['io_sector'], 'id')} -> c")
    assert " -> ekspor (USD " in row["main_path_id"]
    assert "nilai tambah" in row["main_path_id"]
    assert row["main_path"].count("->") == row["main_path_id"].count("->")


def test_markets_per_product_at_the_best_grain(con) -> None:
    """Each row's markets come from the finest grain loaded for that product, named per row."""
    text = (
        "cluster_id,name,province,kbli,hs_products\n"
        "m1,Coffee and machinery,JAWA BARAT,10761,0901;8438;6205\n"
    )
    con.load_clusters(text.encode(), filename="grains.csv")
    try:
        df = con.cluster("m1").opportunities().set_index("hs4")
    finally:
        con.remove_clusters("grains")
    # coffee: product-level export potential (UN Comtrade 2015), largest untapped first
    ref = con.market_targets("IDN", "0901", 2015, fallback=False)
    ref = ref[ref["untapped"] > 0]["importer"].head(3).tolist()
    assert df.loc["0901", "top_markets"] == ", ".join(ref)
    assert "ITC method, comtrade_coffee 2015" in df.loc["0901", "market_basis"]
    assert df.loc["0901", "untapped_basis"].startswith("export potential")
    # food machinery: BPS destinations of chapter 84 (2025)
    ch84 = con.chapter_exports("84", by="destination", years=2025)
    top84 = ch84.sort_values("value_usd", ascending=False)["destination"].head(3).tolist()
    assert df.loc["8438", "top_markets"] == ", ".join(top84)
    assert "BPS 2025 (bps_exim_hs84_85)" in df.loc["8438", "market_basis"]
    # shirts: no product flows, no BPS chapter: the ICIO 2022 buyers of C13T15
    buyers = con.io("icio2025", 2022).intermediate_exports("IDN", "C13T15", by="destination")
    assert df.loc["6205", "top_markets"] == ", ".join(buyers["destination"].head(3))
    assert "ICIO industry C13T15" in df.loc["6205", "market_basis"]


def test_next_steps_per_market_by_hand(con) -> None:
    """Issue 15.5: two current markets and one target market, each with what it asks.

    Expected from data/concordances/market_requirements_hs_prefixes.csv by hand for green
    coffee (0901): USA rows 25 (food facility registration, chapters 01-24), 26 (prior notice,
    02-22), 27 (FSVP, met by HACCP/ISO22000/FSSC22000/BRCGS) and 34 (marking, all goods); JPN
    rows 36 (food sanitation) and 38 (JAS organic, met by ORGANIC).
    """
    rec = {
        "cluster_id": "t-coffee",
        "name": "Gayo coffee",
        "province": "ACEH",
        "kbli": "10761",
        "hs_products": "0901",
        "certifications": "HACCP;ORGANIC",
    }
    inputs = con.services.clusters.inputs
    row = opp.opportunities(inputs, rec).set_index("hs4").loc["0901"]
    assert row["top_markets"].startswith("USA, DEU")
    assert "JPN" in row["target_markets"]
    steps = row["next_steps"]
    assert (
        "USA: HACCP held (row 27); follow FD&C Act s.415 (row 25), Bioterrorism Act 2002 "
        "(row 26), Tariff Act 1930 s.304 (row 34)." in steps
    )
    assert "DEU: HACCP held (row 16); follow Regulation (EU) 2023/1115 (EUDR) (row 1)" in steps
    assert "JPN: ORGANIC held (row 38); follow Food Sanitation Act (row 36)." in steps
    assert steps.count(": ") == 3  # three markets
    assert "USA: HACCP sudah ada (baris 27); ikuti FD&C Act s.415 (baris 25)" in row["next_steps_id"]
    # certifications unknown: the certificate is named as needed, with its alternatives
    unknown = opp.opportunities(inputs, {**rec, "cluster_id": "t-coffee-2", "certifications": None})
    u = unknown.set_index("hs4").loc["0901", "next_steps"]
    assert "USA: HACCP, ISO22000, FSSC22000 or BRCGS needed (row 27); follow" in u


def test_next_steps_name_buyers_for_suppliers(con, batik: pd.DataFrame) -> None:
    sup = batik[batik["roles"].str.contains("supplier")].set_index("hs4")
    assert "6002" in sup.index
    steps = sup.loc["6002", "next_steps"]
    assert "Indonesian buyers (as a supplier): Leather, Leather and Footwear (USD 170.8 million)" in steps
    assert "Pembeli di Indonesia (sebagai pemasok): " in sup.loc["6002", "next_steps_id"]
    made = batik[batik["roles"] == "made"].iloc[0]
    assert "buyers" not in made["next_steps"]
