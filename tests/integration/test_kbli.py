"""KBLI 2020 as a first-class activity code (issue 15.3): correspondence, titles, errors, loading."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from gvc.errors import ImportValidationError, UnknownCodeError
from gvc.registry import kbli

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"


def test_every_kbli_code_maps_to_an_existing_isic_class() -> None:
    table = kbli.kbli_table(DATA)
    isic = set(pd.read_csv(DATA / "concordances/isic4_descriptions.csv", dtype=str)["code"])
    counts = table["digits"].astype(int).value_counts().to_dict()
    assert counts == {1: 21, 2: 88, 3: 245, 4: 567, 5: 1791}  # BPS KBLI 2020, SOURCES.md s.11
    five = table[table["digits"] == "5"]
    assert len(five) == 1791
    assert five["isic4"].str.fullmatch(r"\d{4}").all()  # every 5-digit class -> an ISIC class
    assert set(table["isic4"]) <= isic
    # a 5-digit class maps like its 4-digit parent
    parent = table.loc[five.index.str[:4], "isic4"].to_numpy()
    assert (five["isic4"].to_numpy() == parent).all()


@pytest.mark.parametrize(
    ("code", "isic", "title"),
    [
        ("10761", "1079", "Industri Pengolahan Kopi"),  # national class 1076 -> ISIC 1079
        ("13134", "1313", "Industri Batik"),  # finishing of textiles
        ("10298", "1020", "Industri pengolahan rumput laut"),  # seaweed: ISIC 1020 covers it
        ("31002", "3100", "Industri Furnitur Dari Rotan Dan Atau Bambu"),
        ("14111", "1410", "Industri Pakaian Jadi (Konveksi) Dari Tekstil"),  # 1411 of ISIC 1410
        ("16291", "1629", "Industri Barang Anyaman Dari Rotan Dan Bambu"),
        ("20294", "2029", "Industri Minyak Atsiri"),
        ("23932", "2393", "Industri Perlengkapan Rumah Tangga Dari Tanah Liat/Keramik"),
        (
            "1063",
            "1061",
            "Industri Penggilingan Beras dan Jagung dan Industri Tepung Beras dan Jagung",
        ),
        ("0213", "0230", "Pemanfaatan Hasil Hutan Bukan Kayu"),
        ("10", "10", "Industri Makanan"),
    ],
)
def test_hand_checked_sample(code: str, isic: str, title: str) -> None:
    a = kbli.resolve(code, DATA)
    assert (a.isic4, a.title, a.system) == (isic, title, "KBLI 2020")


def test_isic_only_codes_are_accepted() -> None:
    a = kbli.resolve("1410", DATA)  # ISIC Rev.4 class that KBLI splits into 1411-1413
    assert (a.system, a.isic4) == ("ISIC Rev.4", "1410")


def test_siblings_are_the_5_digit_classes_of_the_same_isic_class() -> None:
    assert kbli.siblings("20294", DATA) == [
        "20291", "20292", "20293", "20294", "20295", "20296", "20299"]
    # the national change KBLI 1076 -> ISIC 1079: coffee's siblings are all of 1079's classes
    sib = kbli.siblings("10761", DATA)
    assert {"10761", "10763", "10791", "10799"} <= set(sib)
    assert kbli.siblings("2029", DATA) == []  # not a 5-digit code
    assert kbli.siblings("01140", DATA) == []  # sugar cane: ISIC 0114 is not split


def test_unknown_code_gets_close_matches() -> None:
    with pytest.raises(UnknownCodeError, match="'10769'") as err:
        kbli.resolve("10769", DATA)
    msg = str(err.value)
    assert "10761 Industri Pengolahan Kopi" in msg
    assert "did you mean" in msg
    with pytest.raises(UnknownCodeError, match="'9999'"):
        kbli.resolve("9999", DATA)


def test_national_classes_file_gives_every_reason() -> None:
    hand = pd.read_csv(DATA / "concordances/kbli2020_national_classes.csv", dtype=str)
    assert hand["reason"].str.len().min() > 20
    assert hand.loc[hand["kbli"] == "1076", "isic4"].item() == "1079"
    table = kbli.kbli_table(DATA)
    assert (table.loc[hand["kbli"], "method"] == "hand").all()


def test_generated_table_is_up_to_date() -> None:
    out = subprocess.run(
        [sys.executable, str(REPO / "tools/build_kbli_isic4.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr


REGISTRY = (
    "cluster_id,name,province,kbli,hs_products\n"
    "kopi-gayo,Kopi Gayo,ACEH,10761,0901\n"
    "batik-garut,Batik Garut,JAWA BARAT,13134;14111,\n"
)


def test_registry_with_kbli_2020_codes_loads_and_maps(con) -> None:
    s = con.session()
    s.load_clusters(REGISTRY.encode(), filename="kbli.csv", name="kbli-test")
    coffee = s.cluster("kopi-gayo")
    assert coffee.record["kbli"] == "10761"
    # 10761 -> ISIC 1079 -> HS headings of other food products (coffee extracts 2101, 2106)
    opp = coffee.opportunities()
    assert "ISIC 1079" in opp.attrs["activities"]
    assert "Industri Pengolahan Kopi" in opp.attrs["activities"]
    batik = s.cluster("batik-garut").opportunities()  # no HS given: KBLI activities stand in
    activity = batik[batik["roles"].str.contains("activity")]
    assert {"6205", "6206"} <= set(activity["hs4"])  # ISIC 1410 (KBLI 14111) -> shirts, blouses
    # WIOD c4 textiles and textile products is the sector of most of them
    assert activity["io_sector"].value_counts().idxmax() == "c4"
    prof = s.cluster("batik-garut").profile_view().set_index("field")
    assert "13134 Industri Batik" in prof.loc["kbli", "value"]


def test_registry_with_bad_kbli_names_row_and_matches(con) -> None:
    bad = "cluster_id,name,province,kbli\nx1,X,BALI,10769\n"
    with pytest.raises(ImportValidationError, match=r"row 2 \('x1'\).*10761 Industri"):
        con.session().load_clusters(bad.encode(), filename="bad.csv", name="bad")


def test_api_and_cli_lookup(con, capsys) -> None:
    df = con.kbli(["10761", "1410"])
    assert df["isic4"].tolist() == ["1079", "1410"]
    assert df["system"].tolist() == ["KBLI 2020", "ISIC Rev.4"]
    with pytest.raises(UnknownCodeError, match="10761 Industri Pengolahan Kopi"):
        con.kbli("10760")
    from gvc.cli import main

    assert main(["--db", str(con.path), "clusters", "kbli", "13134"]) == 0
    assert "Industri Batik" in capsys.readouterr().out
