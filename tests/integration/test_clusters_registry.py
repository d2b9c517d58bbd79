"""Cluster registry: validation of bad files, template round trip, shipped BPS registries."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from gvc import clusters_registry as reg
from gvc.errors import ImportValidationError, InvalidInputError

DATA = reg.Path(__file__).resolve().parents[2] / "data"

GOOD = (
    "cluster_id,name,province,kbli,hs_products,firms_micro,firms_small,share_credit\n"
    "c1,Batik Garut,JAWA BARAT,1313;1410,5208;6205,10,2,0.25\n"
    "c2,Kopi Garut,jawa barat,1079,0901,5,,35%\n"
)


def _load(text: str, **kw) -> reg.Registry:
    return reg.load_registry(text.encode(), filename="r.csv", **kw)


def test_good_file_is_normalised() -> None:
    r = _load(GOOD, provinces=["JAWA BARAT", "BALI"])
    c = r.clusters.set_index("cluster_id")
    assert list(c.index) == ["c1", "c2"]
    assert c.loc["c2", "province"] == "JAWA BARAT"  # upper-cased
    assert c.loc["c2", "share_credit"] == pytest.approx(0.35)  # "35%"
    assert c.loc["c1", "kbli"] == "1313;1410"
    # firms_total is the class sum only when every class is given; here two are empty
    assert np.isnan(c.loc["c1", "firms_total"])
    unknown = c.loc["c1", "unknown_fields"].split(";")
    assert "export_share" in unknown
    assert "certifications" in unknown
    assert "share_credit" not in unknown
    assert "kbli" not in unknown


def test_missing_required_columns() -> None:
    bad = "cluster_id,name,province\nc1,x,BALI\n"
    with pytest.raises(ImportValidationError, match=r"missing required column\(s\) kbli"):
        _load(bad)


def test_required_cell_empty() -> None:
    bad = "cluster_id,name,province,kbli\nc1,,BALI,1079\n"
    with pytest.raises(ImportValidationError, match=r"row 2 .*'name' is required"):
        _load(bad)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("kbli", "10A9", r"'kbli' must be KBLI/ISIC codes of 2-5 digits \(bad code 10A9\)"),
        ("kbli", "1234567", r"'kbli' must be KBLI/ISIC codes"),
        ("hs_products", "09011199", r"'hs_products' must be HS codes of 2, 4 or 6 digits"),
        ("firms_micro", "about ten", r"'firms_micro' must be a number \(got 'about ten'\)"),
        ("firms_micro", "2.5", r"'firms_micro' must be a whole number"),
        ("firms_micro", "-3", r"must be a non-negative number"),
        ("share_credit", "1.5", r"'share_credit' must be a share between 0 and 1"),
        ("certifications", "HALAL;XYZ", r"unknown XYZ"),
        ("size_basis", "turnover", r"'size_basis' must be one of workers, sales, capital"),
        ("cluster_id", "bad id!", r"'cluster_id' must be letters, digits"),
    ],
)
def test_bad_cells(column: str, value: str, message: str) -> None:
    row = {"cluster_id": "c1", "name": "x", "province": "BALI", "kbli": "1079", column: value}
    text = pd.DataFrame([row]).to_csv(index=False)
    with pytest.raises(ImportValidationError, match=message):
        _load(text)


def test_duplicate_ids() -> None:
    bad = "cluster_id,name,province,kbli\nc1,a,BALI,1079\nc2,b,BALI,1079\nc1,c,BALI,1079\n"
    with pytest.raises(ImportValidationError, match=r"duplicate cluster_id 'c1' on rows 2, 4"):
        _load(bad)


def test_unknown_province_suggests() -> None:
    bad = "cluster_id,name,province,kbli\nc1,a,JAWA BARATT,1079\n"
    with pytest.raises(ImportValidationError, match=r"unknown province .*did you mean 'JAWA"):
        _load(bad, provinces=["JAWA BARAT", "JAWA TENGAH"])


def test_class_counts_above_total() -> None:
    bad = (
        "cluster_id,name,province,kbli,firms_micro,firms_small,firms_total\n"
        "c1,a,BALI,1079,10,5,12\n"
    )
    with pytest.raises(ImportValidationError, match=r"add to 15, more than firms_total 12"):
        _load(bad)


def test_errors_are_collected() -> None:
    bad = "cluster_id,name,province,kbli,firms_micro,share_internet\nc1,a,BALI,xx,abc,2\n"
    with pytest.raises(ImportValidationError, match=r"3 problem\(s\)"):
        _load(bad)


def test_file_over_size_limit(tmp_path: reg.Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(GOOD + "x" * 2000)
    with pytest.raises(ImportValidationError, match=r"over the limit of 1,000"):
        reg.load_registry(path, max_bytes=1000)
    with pytest.raises(ImportValidationError, match=r"over the limit"):
        reg.load_registry(b"x" * (reg.MAX_BYTES + 1), filename="big.csv")


def test_wrong_suffix_and_missing_file(tmp_path: reg.Path) -> None:
    with pytest.raises(ImportValidationError, match=r"must be .csv or .xlsx"):
        reg.load_registry(b"a,b\n", filename="r.txt")
    with pytest.raises(InvalidInputError, match=r"does not exist"):
        reg.load_registry(tmp_path / "nope.csv")
    with pytest.raises(InvalidInputError, match=r"'filename' is needed"):
        reg.load_registry(b"a,b\n")


def test_spreadsheet_numbers_lose_zeros() -> None:
    text = "cluster_id,name,province,kbli,hs_products\nc1,a,BALI,1079.0,901;90111\n"
    c = _load(text).clusters
    assert c.loc[0, "kbli"] == "1079"
    assert c.loc[0, "hs_products"] == "0901;090111"


def test_firm_records_fill_aggregates() -> None:
    firms = (
        "cluster_id,firm_id,workers,annual_sales_idr,has_credit,uses_internet\n"
        "c1,f1,3,500000000,1,1\nc1,f2,7,2500000000,0,1\nc1,f3,2,100000000,0,0\n"
    )
    r = reg.load_registry(GOOD.encode(), filename="r.csv", firms=firms.encode())
    c = r.clusters.set_index("cluster_id")
    assert c.loc["c1", "workers"] == 12
    assert c.loc["c1", "annual_sales_idr"] == 3.1e9
    assert c.loc["c1", "share_internet"] == pytest.approx(2 / 3)
    assert c.loc["c1", "share_credit"] == 0.25  # given in the cluster table: kept
    assert "share_internet" in c.loc["c1", "derived_fields"]
    assert len(r.firms) == 3


def test_firms_pointing_nowhere() -> None:
    firms = "cluster_id,firm_id,workers\nzz,f1,3\nc1,f1,2\nc1,f1,4\n"
    with pytest.raises(ImportValidationError, match=r"cluster_id 'zz' is not in the cluster"):
        reg.load_registry(GOOD.encode(), filename="r.csv", firms=firms.encode())


def test_template_round_trip(tmp_path: reg.Path) -> None:
    for suffix in ("csv", "xlsx"):
        out = reg.write_template(tmp_path / f"t.{suffix}")
        r = reg.load_registry(out)
        assert list(r.clusters["cluster_id"]) == ["example-1"]
        assert r.clusters.loc[0, "unknown_fields"] == ""
        assert "EXAMPLE" in r.clusters.loc[0, "notes"]
    sheets = pd.read_excel(tmp_path / "t.xlsx", sheet_name=None)
    assert set(sheets) == {"clusters", "firms", "schema"}
    assert set(sheets["schema"]["field"]) >= {f.name for f in reg.FIELDS}
    assert len(reg.load_registry(tmp_path / "t.xlsx").firms) == 1


def test_excel_upload_bytes() -> None:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        pd.read_csv(io.StringIO(GOOD), dtype=str).to_excel(xl, sheet_name="clusters", index=False)
    r = reg.load_registry(buf.getvalue(), filename="upload.xlsx")
    assert list(r.clusters["cluster_id"]) == ["c1", "c2"]
    assert r.clusters.loc[1, "hs_products"] == "0901"  # text cell keeps its zero


def test_schema_languages() -> None:
    en, idn = reg.schema("en"), reg.schema("id")
    assert list(en["field"]) == list(idn["field"])
    assert en.loc[en["field"] == "name", "description"].item() == "Cluster name"
    assert idn.loc[idn["field"] == "name", "description"].item() == "Nama klaster"
    with pytest.raises(InvalidInputError, match="'lang'"):
        reg.schema("fr")


# -- shipped registries, checked against the raw source files ----------------------------------


def test_imk_registry_matches_raw_bps_file(con) -> None:
    raw = pd.read_csv(DATA / "msme/bps_imk_2025_by_province_micro_small.csv", sep=";")
    built = reg.imk_registry(con.store.sql("cluster_imk"), con.store.sql("cluster_imk_support"))
    assert len(built) == 38
    # national totals stated in data/SOURCES.md
    assert built["firms_total"].sum() == 4_461_888
    assert built["workers"].sum() == 9_484_645
    aceh = built.set_index("province").loc["ACEH"]
    r = raw.set_index("provinsi").loc["ACEH"]
    assert aceh["firms_micro"] == r["jumlah_perusahaan_mikro"]
    assert aceh["workers_small"] == r["jumlah_tk_kecil"]
    assert aceh["value_added_idr"] == r["nilai_tambah_total"] * 1e6
    assert aceh["share_credit"] == pytest.approx(
        r["banyak_umk_pinjaman"] / r["jumlah_perusahaan_total"]
    )
    assert aceh["share_internet"] == pytest.approx(
        r["internet_ya"] / (r["internet_ya"] + r["internet_tidak"])
    )
    assert np.isnan(aceh["annual_sales_idr"])
    assert np.isnan(aceh["export_share"])
    assert "annual_sales_idr" in aceh["unknown_fields"]
    assert "certifications" in aceh["unknown_fields"]


def test_jabar_registry_matches_raw_file(con) -> None:
    raw = pd.read_csv(DATA / "msme/jabar_umkm_count_by_kabkota_category_2017_2021.csv")
    mapping = pd.read_csv(
        DATA / "concordances/jabar_umkm_category_to_kbli_hs.csv", dtype=str, keep_default_na=False
    )
    built = reg.jabar_registry(con.store.sql("cluster_jabar"), mapping)
    assert len(built) == 27 * 9  # JASA/LAINNYA (services) left out
    b = built.set_index("cluster_id")
    want = raw[
        (raw["tahun"] == 2021)
        & (raw["kode_kabupaten_kota"] == 3205)
        & (raw["kategori_usaha"] == "BORDIR")
    ]["jumlah_umkm"].item()
    assert b.loc["jabar-3205-bordir", "firms_total"] == want
    assert b.loc["jabar-3205-bordir", "hs_products"] == "5810;6206;6211"
    assert pd.isna(b.loc["jabar-3273-kuliner", "hs_products"])
    assert "share_credit" in b.loc["jabar-3205-bordir", "unknown_fields"]
    assert b["workers"].isna().all()  # the source gives units only


def test_jabar_mapping_codes_exist(con) -> None:
    mapping = pd.read_csv(
        DATA / "concordances/jabar_umkm_category_to_kbli_hs.csv", dtype=str, keep_default_na=False
    )
    codes = con.store.sql("cluster_codes")
    isic = set(codes.loc[codes["kind"] == "isic4", "code"])
    hs92 = set(con.products(level=4, revision="HS92", limit=5000)["code"])
    for rec in mapping.to_dict("records"):
        for k in rec["kbli_isic4"].split(";"):
            assert k in isic, (rec["category"], k)
        for h in filter(None, rec["hs92_4"].split(";")):
            assert h in hs92, (rec["category"], h)
        assert "Compiled for gvc" in rec["reasoning"]


def test_template_example_uses_kbli_2020_codes() -> None:
    frames = reg.template_frames()
    assert frames["clusters"].loc[0, "kbli"] == "13134;14111"  # batik, apparel of textile
    r = reg.validate_registry(frames["clusters"].assign(cluster_id="t1"))
    assert r.clusters.loc[0, "kbli"] == "13134;14111"
