"""Graduation profiles, the cluster API (shipped + loaded registries) and the CLI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gvc.analytics import graduation as grad
from gvc.cli import main
from gvc.clusters import registry_dir
from gvc.errors import ImportValidationError, InvalidInputError, UnknownCodeError


@pytest.fixture(scope="module")
def defs(con) -> pd.DataFrame:
    return con.store.sql("cluster_size_definitions")


# -- graduation --------------------------------------------------------------------------------


def test_thresholds_from_pp7(defs: pd.DataFrame) -> None:
    sales = grad.thresholds(defs, "sales")
    assert list(sales.index) == ["micro", "small", "medium", "large"]
    assert sales.loc["micro", "upper"] == 2e9
    assert sales.loc["small", "upper"] == 15e9
    assert sales.loc["medium", "upper"] == 50e9
    assert sales.loc["large", "lower"] == 50e9
    cap = grad.thresholds(defs, "capital")
    assert cap.loc["micro", "upper"] == 1e9
    assert cap.loc["medium", "upper"] == 10e9
    with pytest.raises(InvalidInputError, match="'criterion'"):
        grad.thresholds(defs, "assets")


def test_classify_boundaries(defs: pd.DataFrame) -> None:
    sales = grad.thresholds(defs, "sales")
    got = grad.classify([1.0, 2e9, 2e9 + 1, 15e9, 15e9 + 1, 50e9, 60e9, np.nan], sales)
    assert list(got) == ["micro", "micro", "small", "small", "medium", "medium", "large", None]
    w = grad.thresholds(defs, "workers")
    got = grad.classify([0, 1, 4, 5, 19, 20, 99, 100, 5000], w, workers=True)
    assert list(got) == [
        "micro",
        "micro",
        "micro",
        "small",
        "small",
        "medium",
        "medium",
        "large",
        "large",
    ]


def test_firm_gaps(defs: pd.DataFrame) -> None:
    firms = pd.DataFrame(
        {
            "firm_id": ["a", "b", "c", "d"],
            "workers": [3, 12, 150, np.nan],
            "annual_sales_idr": [1.5e9, 16e9, np.nan, 400e6],
            "capital_idr": [np.nan, 0.5e9, 20e9, 6e9],
        }
    )
    g = grad.firm_graduation(firms, defs).set_index("firm_id")
    assert g.loc["a", "class_workers"] == "micro"
    assert g.loc["a", "gap_workers"] == 2  # 5 - 3
    assert g.loc["b", "next_workers"] == "medium"
    assert g.loc["b", "gap_workers"] == 8  # 20 - 12
    assert g.loc["a", "gap_sales"] == pytest.approx(0.5e9)  # 2 bn - 1.5 bn
    assert g.loc["b", "class_sales"] == "medium"
    assert pd.isna(g.loc["c", "next_workers"])
    assert np.isnan(g.loc["c", "gap_workers"])
    # PP 7/2021 class: the higher of the sales and capital classes
    assert g.loc["d", "class_pp7"] == "medium"  # sales micro, capital medium
    assert g.loc["a", "class_pp7"] == "micro"


def test_profile_from_firm_records(defs: pd.DataFrame) -> None:
    firms = pd.DataFrame(
        {
            "firm_id": list("abcde"),
            "workers": [1, 2, 6, 8, 30],
            "annual_sales_idr": [np.nan] * 5,
            "capital_idr": [np.nan] * 5,
        }
    )
    prof = grad.graduation_profile({}, defs, firms)
    w = prof[prof["criterion"] == "workers"].set_index("size_class")
    assert w.loc["micro", "firms"] == 2
    assert w.loc["small", "share"] == pytest.approx(2 / 5)
    assert w.loc["micro", "gap"] == pytest.approx(3.5)  # median of 4 and 3
    assert w.loc["small", "gap"] == pytest.approx(13.0)  # median of 14 and 12
    sales = prof[prof["criterion"] == "sales"]
    assert (sales["method"] == "unknown").all()


def test_profile_of_a_shipped_imk_province(con) -> None:
    raw = pd.read_csv(con.data_dir / "msme/bps_imk_2025_by_province_micro_small.csv", sep=";")
    aceh = raw.set_index("provinsi").loc["ACEH"]
    prof = con.cluster("imk2025-aceh").graduation()
    w = prof[prof["criterion"] == "workers"].set_index("size_class")
    assert w.loc["micro", "firms"] == aceh["jumlah_perusahaan_mikro"]
    avg_micro = aceh["jumlah_tk_mikro"] / aceh["jumlah_perusahaan_mikro"]
    assert w.loc["micro", "gap"] == pytest.approx(5 - avg_micro)
    avg_small = aceh["jumlah_tk_kecil"] / aceh["jumlah_perusahaan_kecil"]
    assert w.loc["small", "gap"] == pytest.approx(20 - avg_small)
    assert w.loc["micro", "share"] == pytest.approx(
        aceh["jumlah_perusahaan_mikro"] / aceh["jumlah_perusahaan_total"]
    )
    assert np.isnan(w.loc["medium", "firms"])  # outside the IMK survey: unknown, not zero
    assert (prof.loc[prof["criterion"] == "sales", "method"] == "unknown").all()


def test_profile_average_firm(defs: pd.DataFrame) -> None:
    rec = {"firms_total": 10.0, "annual_sales_idr": 30e9, "workers": 45.0}
    prof = grad.graduation_profile(rec, defs).set_index("criterion")
    assert prof.loc["sales", "size_class"] == "small"  # 3 bn per firm
    assert prof.loc["sales", "gap"] == pytest.approx(12e9)  # 15 bn - 3 bn
    assert prof.loc["workers", "size_class"] == "micro"  # 4.5 per firm
    assert prof.loc["workers", "gap"] == pytest.approx(0.5)
    assert prof.loc["capital", "method"] == "unknown"


# -- the API ----------------------------------------------------------------------------------


def test_clusters_lists_shipped_registries(con) -> None:
    df = con.clusters()
    counts = df["registry"].value_counts()
    assert counts["bps_imk2025"] == 38
    assert counts["jabar_umkm"] == 243
    assert df["cluster_id"].is_unique
    with pytest.raises(UnknownCodeError, match="did you mean 'jabar_umkm'"):
        con.clusters("jabar_umk")
    with pytest.raises(UnknownCodeError, match="jabar-3205-batik"):
        con.cluster("jabar-3205-batk")


def test_cluster_readiness_uses_province_benchmark(con) -> None:
    c = con.cluster("imk2025-bali")
    out = c.readiness().set_index("lever")
    # the province is its own benchmark: productivity ratio 1 -> 50
    ind = pd.DataFrame(out.attrs["indicators"]).set_index("indicator")
    assert ind.loc["labour_productivity", "score"] == pytest.approx(50.0)
    rec = c.record
    assert ind.loc["credit_access", "score"] == pytest.approx(100 * rec["share_credit"])
    assert out.loc["productivity_finance", "score"] == pytest.approx(
        (50 + 100 * rec["share_credit"]) / 2
    )
    assert np.isnan(out.loc["export_capacity", "score"])  # BPS gives no export data
    assert 0 < out.attrs["confidence"] < 1


def test_load_clusters_bytes_and_code_checks(con) -> None:
    text = (
        "cluster_id,name,province,kbli,hs_products,certifications\n"
        "t1,Test food,JAWA BARAT,1079,2106,HALAL\n"
    )
    df = con.load_clusters(text.encode(), filename="mine.csv")
    assert list(df["registry"]) == ["mine"]
    assert con.cluster("t1").registry == "mine"
    bad = text.replace("1079", "9988")
    with pytest.raises(ImportValidationError, match=r"KBLI/ISIC code '9988' is not an ISIC"):
        con.load_clusters(bad.encode(), filename="bad.csv")
    bad = text.replace("2106", "0000")
    with pytest.raises(ImportValidationError, match=r"HS code '0000' is in no loaded HS"):
        con.load_clusters(bad.encode(), filename="bad.csv")
    bad = text.replace("JAWA BARAT", "JAVA WEST")
    with pytest.raises(ImportValidationError, match=r"unknown province 'JAVA WEST'"):
        con.load_clusters(bad.encode(), filename="bad.csv")
    with pytest.raises(InvalidInputError, match="shipped registry"):
        con.load_clusters(text.encode(), filename="jabar_umkm.csv")
    con.remove_clusters("mine")
    with pytest.raises(UnknownCodeError):
        con.cluster("t1")


# -- CLI ----------------------------------------------------------------------------------------


def _cli(con, *args: str) -> int:
    return main(["--db", str(con.path), "--data-dir", str(con.data_dir), *args])


def test_cli_template_and_import(con, tmp_path, capsys) -> None:
    out = tmp_path / "tpl.xlsx"
    assert _cli(con, "clusters", "template", "--out", str(out)) == 0
    assert _cli(con, "clusters", "import", str(out), "--name", "tpl", "--check") == 0
    assert "valid: 1 cluster(s)" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("cluster_id,name,province\nx,y,BALI\n")
    assert _cli(con, "clusters", "import", str(bad)) == 2
    assert "missing required column(s) kbli" in capsys.readouterr().err


def test_cli_list_and_questionnaire(con, capsys) -> None:
    assert _cli(con, "clusters", "--search", "garut", "--registry", "jabar_umkm") == 0
    text = capsys.readouterr().out
    assert "jabar-3205-bordir" in text
    assert "jabar-3273" not in text
    assert _cli(con, "clusters", "questionnaire", "--lang", "id") == 0
    assert "Berapa banyak usaha" in capsys.readouterr().out


def test_readiness_from_answers(con) -> None:
    c = con.cluster("imk2025-bali")
    base = c.readiness().set_index("lever")
    out = c.readiness(answers={"q_partnership": "all"}).set_index("lever")
    assert out.loc["partnership", "score"] == pytest.approx(100.0)
    # the other levers keep the registry's figures
    assert out.loc["modernisation", "score"] == pytest.approx(base.loc["modernisation", "score"])
    firm = c.readiness(
        answers={"q_credit": "ya", "q_internet": "tidak"}, mode="enterprise", lang="id"
    ).set_index("lever")
    assert firm.loc["productivity_finance", "score"] == pytest.approx(100.0)  # credit only
    assert firm.loc["modernisation", "score"] == pytest.approx(0.0)
    assert np.isnan(firm.loc["partnership", "score"])  # the cluster's share is not the firm's


def test_profile_marks_unknowns(con) -> None:
    raw = pd.read_csv(con.data_dir / "msme/jabar_umkm_count_by_kabkota_category_2017_2021.csv")
    units = raw[
        (raw["tahun"] == 2021)
        & (raw["kode_kabupaten_kota"] == 3205)
        & (raw["kategori_usaha"] == "BORDIR")
    ]["jumlah_umkm"].item()
    prof = con.cluster("jabar-3205-bordir").profile().set_index("field")["value"]
    assert prof["firms_total"] == str(units)
    assert prof["share_credit"] == "unknown"
    assert prof["kbli"] == "1399;1410"


def test_session_views_keep_their_uploads_to_themselves(con) -> None:
    """Two app users: each sees its own uploaded registry, not the other's, and the parent
    ``Gvc`` sees neither; the views share the database connection and the memos."""
    text = (
        "cluster_id,name,province,kbli,hs_products,certifications\n"
        "s1,Session food,JAWA BARAT,1079,2106,HALAL\n"
    )
    alice, bob = con.session(), con.session()
    assert alice.store is con.store
    assert alice.services is con.services
    alice.load_clusters(text.encode(), filename="alice.csv")
    bob.load_clusters(text.replace("Session food", "Bob food").encode(), filename="bob.csv")
    assert "alice" in set(alice.clusters()["registry"])
    assert "alice" not in set(bob.clusters()["registry"])
    assert not {"alice", "bob"} & set(con.clusters()["registry"])
    assert alice.cluster("s1").record["name"] == "Session food"
    assert bob.cluster("s1").record["name"] == "Bob food"
    with pytest.raises(UnknownCodeError):
        con.cluster("s1")
    # the same cluster id in two registries: each view ranks its own record
    assert alice.cluster("s1").opportunities()["hs4"].tolist() == (
        bob.cluster("s1").opportunities()["hs4"].tolist()
    )
    alice.close()  # a view leaves the shared connection open
    assert con.store.cursor().execute("select 1").fetchone() == (1,)
    assert con.clusters("jabar_umkm").shape[0] == 243


def test_loaded_cluster_with_firms(con, tmp_path) -> None:
    clusters = (
        "cluster_id,name,province,kbli,hs_products,size_basis\n"
        "f1,Furniture Jepara,JAWA TENGAH,3100,9403,workers\n"
    )
    firms = (
        "cluster_id,firm_id,workers,annual_sales_idr,capital_idr\n"
        "f1,a,3,1500000000,200000000\nf1,b,12,3000000000,1200000000\n"
        "f1,c,25,20000000000,\n"
    )
    con.load_clusters(clusters.encode(), filename="jepara.csv", firms=firms.encode())
    try:
        c = con.cluster("f1")
        g = c.firm_graduation().set_index("firm_id")
        prof = c.graduation()
        out = c.export(tmp_path / "f.xlsx", top=5)
    finally:
        con.remove_clusters("jepara")
    assert g.loc["a", "class_sales"] == "micro"
    assert g.loc["b", "class_capital"] == "small"
    assert g.loc["c", "class_workers"] == "medium"
    assert g.loc["c", "class_sales"] == "medium"  # 20 bn: above 15 bn
    w = prof[prof["criterion"] == "workers"].set_index("size_class")
    assert w["firms"].tolist() == [1, 1, 1, 0]  # micro, small, medium, large
    assert (w["method"] == "firm records").all()
    assert "firms" in pd.read_excel(out, sheet_name=None)


def test_persisted_registry_seen_by_a_new_session(con) -> None:
    text = "cluster_id,name,province,kbli,hs_products\np1,Saved one,BALI,1410,6205\n"
    con.load_clusters(text.encode(), filename="saved.csv", persist=True)
    other = con.reopen()
    try:
        assert other.cluster("p1").registry == "saved"
        assert list(other.clusters("saved")["cluster_id"]) == ["p1"]
    finally:
        other.remove_clusters("saved")  # deletes the saved files too
        other.close()
    fresh = con.reopen()
    try:
        with pytest.raises(UnknownCodeError):
            fresh.clusters("saved")
    finally:
        fresh.close()
    con.remove_clusters("saved")


def test_a_registry_cannot_reuse_a_shipped_cluster_id(con) -> None:
    """Issue 18 item 8: an upload or a saved registry with a shipped id shadowed that cluster."""
    text = "cluster_id,name,province,kbli,hs_products\njabar-3205-batik,Fake,JAWA BARAT,13134,5208\n"
    for persist in (False, True):
        with pytest.raises(
            ImportValidationError,
            match=r"shadow\.csv: 1 problem\(s\): row 2: cluster_id 'jabar-3205-batik' is already "
            r"a cluster of registry 'jabar_umkm'",
        ):
            con.load_clusters(text.encode(), filename="shadow.csv", persist=persist)
    assert con.cluster("jabar-3205-batik").registry == "jabar_umkm"
    assert not (registry_dir() / "shadow.clusters.csv").exists()
    # two user registries cannot share an id either; loading one again under its name replaces it
    mine = "cluster_id,name,province,kbli,hs_products\nu1,Mine,BALI,1410,6205\n"
    con.load_clusters(mine.encode(), filename="mine.csv")
    try:
        with pytest.raises(ImportValidationError, match="'u1' is already a cluster of registry 'mine'"):
            con.load_clusters(mine.encode(), filename="theirs.csv")
        con.load_clusters(mine.replace("Mine", "Mine v2").encode(), filename="mine.csv")
        assert con.cluster("u1").record["name"] == "Mine v2"
    finally:
        con.remove_clusters("mine")


def test_a_saved_registry_that_shadows_a_shipped_id_is_skipped(con) -> None:
    """A registry saved by an older gvc with a shipped id is skipped (warned), never shadowing."""
    folder = registry_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "old.clusters.csv"
    path.write_text(
        "cluster_id,name,province,kbli,hs_products\njabar-3205-batik,Old fake,JAWA BARAT,13134,5208\n",
        encoding="utf-8",
    )
    try:
        fresh = con.reopen()
        try:
            with pytest.warns(UserWarning, match="saved cluster registry old.clusters.csv skipped"):
                listed = fresh.clusters()
            assert "old" not in set(listed["registry"])
            assert fresh.cluster("jabar-3205-batik").record["name"] != "Old fake"
        finally:
            fresh.close()
    finally:
        path.unlink()


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused_with_row_and_column(con, char) -> None:
    text = f"cluster_id,name,province,kbli,hs_products\nc1,Bad{char}name,BALI,1410,6205\n"
    with pytest.raises(
        ImportValidationError,
        match=rf"row 2 \(cluster_id 'c1'\): 'name' must be text without control characters "
        rf"\(U\+{ord(char):04X} at position 4\)",
    ):
        con.load_clusters(text.encode(), filename="ctrl.csv")


def test_tabs_and_line_breaks_stay_and_export(con, tmp_path) -> None:
    text = 'cluster_id,name,province,kbli,hs_products\nc1,"Batik\tGarut\r\nbaru",BALI,1410,6205\n'
    con.load_clusters(text.encode(), filename="breaks.csv")
    try:
        c = con.cluster("c1")
        assert c.record["name"] == "Batik\tGarut\r\nbaru"
        out = tmp_path / "c1.xlsx"
        c.export(out)
        assert out.stat().st_size > 0
    finally:
        con.remove_clusters("breaks")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_cluster_brief_pdf_says_what_the_views_say(con, lang, tmp_path) -> None:
    """Issue 17.7: the brief is rendered and its text read back (pypdf)."""
    import io

    from pypdf import PdfReader

    c = con.cluster("jabar-3205-batik")
    data = c.brief(lang=lang)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    opp = c.opportunities().head(5)
    title = "Cluster brief" if lang == "en" else "Ringkasan klaster"
    assert f"{title}: Batik, Kabupaten Garut" in text
    for hs in opp["hs4"]:
        assert hs in text
    first = opp.iloc[0]
    name = first["product"] if lang == "en" else first["product_id"]
    assert " ".join(str(name).split())[:30] in text
    step = "USA: follow Textile Fiber Products" if lang == "en" else "USA: ikuti Textile Fiber Products"
    assert step in text
    ready = c.readiness_view(lang).set_index("lever").loc["overall", "score"]
    assert ready in text  # "30/100"
    chain = "Domestic chain" if lang == "en" else "Rantai domestik"
    assert chain in text
    assert "nan" not in text.lower().split()
    assert "None" not in text
    # the CLI writes the same document
    out = tmp_path / f"brief_{lang}.pdf"
    assert main(["--db", str(con.path), "clusters", "brief", c.id, "--out", str(out),
                 "--lang", lang]) == 0
    assert len(PdfReader(out).pages) == len(reader.pages)


def test_brief_of_a_province_profile_and_bad_options(con) -> None:
    import io

    from pypdf import PdfReader

    c = con.cluster("imk2025-bali")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(c.brief("id"))).pages)
    assert "Ringkasan klaster" in text
    with pytest.raises(InvalidInputError, match="'lang' must be 'en' or 'id'"):
        c.brief(lang="fr")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'top' must be"):
        c.brief(top=0)


def test_a_windows_1252_csv_keeps_its_punctuation(con) -> None:
    """Excel on Windows saves CSV as Windows-1252: "…" and curly quotes are not control chars."""
    text = "cluster_id,name,province,kbli,hs_products\nw1,Batik \u201cGarut\u201d\u2026,BALI,1410,6205\n"
    con.load_clusters(text.encode("cp1252"), filename="win.csv")
    try:
        assert con.cluster("w1").record["name"] == "Batik \u201cGarut\u201d\u2026"
    finally:
        con.remove_clusters("win")
