"""The main ISIC Rev.4 class of each HS heading (the activity component of relatedness).

The many-to-many HS -> ISIC Rev.4 table gives 946 of 1,233 headings several classes with the
same count, and the old rule took the smallest code: essential oils, finishing agents and
explosives became 1079 "other food products", seats 2219 "other rubber products", bananas 0121
"grapes". The expected classes below are read from the ISIC Rev.4 titles by hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from gvc import opportunities as opp

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"

EXPECTED = {
    "3301": "2029",  # essential oils: other chemical products n.e.c.
    "3602": "2029",  # explosives: the same ISIC class (KBLI splits it at 5 digits)
    "3302": "2029",  # odoriferous mixtures: 2029 (by hand, data/concordances/hs4_isic4_main_hand.csv)
    "9401": "3100",  # seats: furniture
    "9403": "3100",
    "9503": "3240",  # toys
    "0303": "1020",  # frozen fish: processing and preserving of fish
    "1604": "1020",
    "4418": "1622",  # builders' joinery
    "6403": "1520",  # footwear
    "6912": "2393",  # ceramic tableware: other porcelain and ceramic products
    "8471": "2620",  # computers
    "8528": "2640",  # television receivers: consumer electronics
    "8517": "2630",  # telephone sets: communication equipment
    "0805": "0123",  # citrus fruit
}


@pytest.fixture(scope="module")
def products(con) -> pd.DataFrame:
    return opp.get_context(con.services.clusters.inputs).products


def test_generated_rev3_main_table_is_up_to_date() -> None:
    out = subprocess.run(
        [sys.executable, str(REPO / "tools/build_isic3_isic4_main.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr


def test_rev3_main_table_gives_a_linked_goods_class() -> None:
    main = pd.read_csv(DATA / "concordances/isic3_to_isic4_main.csv", dtype=str)
    links = pd.read_csv(DATA / "concordances/isic4_to_isic3.csv", dtype=str)
    pairs = set(zip(links["ISIC3_4d"], links["ISIC4_4d"], strict=True))
    assert all((a, b) in pairs for a, b in zip(main["isic3"], main["isic4"], strict=True))
    assert main.loc[main["isic3"] == "2429", "isic4"].item() == "2029"
    div = links["ISIC4_4d"].str[:2].astype(int)
    has_goods = set(links.loc[(div <= 32) & (div != 9), "ISIC3_4d"])
    goods = main[(main["isic3"].str[:2].astype(int) <= 37) & (main["method"] == "title")
                 & main["isic3"].isin(has_goods)]
    # when the title decides, a goods class never gets a repair, installation, mining support
    # or service class as its main one while a goods-producing class is among its classes
    assert (goods["isic4"].str[:2].astype(int) <= 32).all()
    assert not goods["isic4"].str[:2].isin(["09"]).any()
    assert (main.loc[main["method"] == "hand", "reason"].str.len() > 30).all()


@pytest.mark.parametrize(("hs4", "isic4"), sorted(EXPECTED.items()))
def test_main_class_by_hand(products, hs4: str, isic4: str) -> None:
    assert products.loc[hs4, "isic4_main"] == isic4


def test_main_class_is_one_of_the_headings_classes(products) -> None:
    p = products[products["isic4_main"] != ""]
    assert len(p) > 1150
    inside = [m in str(c).split(";") for m, c in zip(p["isic4_main"], p["isic4"], strict=True)]
    assert all(inside)
    # food classes no longer stand for chemicals: of the 149 headings of chapters 28-38 only
    # food-derived ones are in 10xx (3501 casein: 1050 dairy; 3505 dextrins: 1062 starches;
    # 3502 albumins: 1079). The old rule put 30 there.
    chem = p[pd.Series(p.index.str[:2].astype(int), index=p.index).between(28, 38)]
    food = chem[chem["isic4_main"].str.startswith("10")]
    assert set(food.index) <= {"3501", "3502", "3505"}, food["isic4_main"]


def test_hand_set_main_classes_are_applied_and_explained(products) -> None:
    hand = pd.read_csv(DATA / "concordances/hs4_isic4_main_hand.csv", dtype=str)
    assert len(hand) >= 1
    assert hand["hs4"].is_unique
    for rec in hand.to_dict("records"):
        assert products.loc[rec["hs4"], "isic4_main"] == rec["isic4"]
        # the hand class is one the concordance gives the heading, and the reason says why
        assert rec["isic4"] in str(products.loc[rec["hs4"], "isic4"]).split(";")
        assert len(rec["reason"]) > 60
