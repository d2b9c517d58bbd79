"""Plausibility of cluster-level relatedness (issue 15.1).

The test set below was written down from the HS structure (sections and chapters of the HS
nomenclature) and common Indonesian sentra BEFORE the new relatedness code existed or its output
was looked at (committed on its own). For each cluster type: the products it makes (HS 1992
headings), its KBLI 2020 activity, the HS chapters plausible for what such a cluster's firms,
skills, inputs and machines could make, and the HS sections that are related at all (a top-10
product from any other section is implausible).

HS sections: I 01-05 animals; II 06-14 vegetable products; III 15 fats and oils; IV 16-24
prepared food, beverages, tobacco; V 25-27 minerals; VI 28-38 chemicals; VII 39-40 plastics,
rubber; VIII 41-43 hides, leather, travel goods; IX 44-46 wood, cork, basketware; X 47-49 paper;
XI 50-63 textiles; XII 64-67 footwear, headgear; XIII 68-70 stone, ceramics, glass; XIV 71
precious metals, jewellery; XV 72-83 base metals; XVI 84-85 machinery; XVII 86-89 vehicles;
XVIII 90-92 instruments; XIX 93 arms; XX 94-96 miscellaneous manufactures; XXI 97 art.
"""

from __future__ import annotations

import pytest

from gvc import opportunities as opp


def chapters(*spans: str) -> frozenset[str]:
    """Expand chapter specs ('50-63', '32') to two-digit chapter codes."""
    out: set[str] = set()
    for s in spans:
        a, _, b = s.partition("-")
        out.update(f"{c:02d}" for c in range(int(a), int(b or a) + 1))
    return frozenset(out)


SECTIONS: dict[str, frozenset[str]] = {
    "I": chapters("01-05"),
    "II": chapters("06-14"),
    "III": chapters("15"),
    "IV": chapters("16-24"),
    "V": chapters("25-27"),
    "VI": chapters("28-38"),
    "VII": chapters("39-40"),
    "VIII": chapters("41-43"),
    "IX": chapters("44-46"),
    "X": chapters("47-49"),
    "XI": chapters("50-63"),
    "XII": chapters("64-67"),
    "XIII": chapters("68-70"),
    "XIV": chapters("71"),
    "XV": chapters("72-83"),
    "XVI": chapters("84-85"),
    "XVII": chapters("86-89"),
    "XVIII": chapters("90-92"),
    "XIX": chapters("93"),
    "XX": chapters("94-96"),
    "XXI": chapters("97"),
}

#: name -> (HS92 headings made, KBLI 2020 codes, plausible chapters, related sections)
CLUSTERS: dict[str, tuple[str, str, frozenset[str], tuple[str, ...]]] = {
    # Garut / Pekalongan batik: cotton fabric waxed and dyed, sold as shirts, blouses, scarves
    "batik": (
        "5208;5212;6205;6206;6214",
        "13134;14111",
        chapters("50-63", "32", "34", "65"),  # textiles, dyes, waxes, headgear
        ("XI", "VI", "XII", "XX"),
    ),
    # tenun ikat / songket weaving
    "woven_textiles": (
        "5208;5209;5407;5809",
        "13122",
        chapters("50-63", "32"),
        ("XI", "VI", "XII", "XX"),
    ),
    # Cirebon rattan furniture
    "rattan_furniture": (
        "9401;9403;4602",
        "31002",
        chapters("94", "44", "46", "14", "83", "32", "96"),  # + rattan, fittings, varnish
        ("XX", "IX", "II", "XV", "VI"),
    ),
    # Jepara wooden furniture
    "wooden_furniture": (
        "9403;9401",
        "31001",
        chapters("94", "44", "45", "46", "83", "32", "96"),
        ("XX", "IX", "XV", "VI"),
    ),
    # Bali / Jepara wood carving and kitchen woodware
    "wood_handicraft": (
        "4420;4419;4414",
        "16293",
        chapters("44", "45", "46", "94", "96", "97", "14"),
        ("IX", "XX", "XXI", "II"),
    ),
    # Cibaduyut leather footwear
    "leather_footwear": (
        "6403;6405;6406",
        "15201",
        chapters("64", "41", "42", "43", "39", "40", "56", "59", "60", "65"),
        ("XII", "VIII", "VII", "XI"),
    ),
    # Gayo / Kintamani coffee processing
    "coffee": (
        "0901;2101",
        "10761",
        chapters("04", "08", "09", "12", "13", "17-22"),
        ("I", "II", "III", "IV"),
    ),
    # cocoa processing (Sulawesi)
    "cocoa": (
        "1801;1803;1804;1805;1806",
        "10731",
        chapters("04", "08", "09", "12", "15", "17-21"),
        ("I", "II", "III", "IV"),
    ),
    # fish processing (frozen, canned)
    "fish_processing": (
        "0303;0304;1604;1605",
        "10213;10221",
        chapters("02", "03", "05", "15", "16", "21", "23"),
        ("I", "III", "IV"),
    ),
    # seaweed processing (carrageenan, agar)
    "seaweed": (
        "1212;1302",
        "10298",
        chapters("03", "05", "07", "08", "12", "13", "15", "16", "20", "21", "23", "35", "39"),
        ("I", "II", "III", "IV", "VI", "VII"),
    ),
    # essential oils (patchouli, clove leaf, citronella)
    "essential_oils": (
        "3301",
        "20294",
        chapters("09", "12", "13", "14", "15", "29", "33", "34", "38"),
        ("II", "III", "VI"),
    ),
    # Plered / Kasongan pottery and ceramics
    "ceramics": (
        "6912;6913;6914",
        "23932",
        chapters("25", "32", "68", "69", "70"),
        ("XIII", "V", "VI"),
    ),
    # blacksmith hand tools (pandai besi)
    "metal_tools": (
        "8201;8205;8211",
        "25931",
        chapters("72", "73", "76", "82", "83", "84", "68"),
        ("XV", "XVI", "XIII"),
    ),
    # Tasikmalaya embroidery (bordir) on clothing
    "embroidery": (
        "5810;6204;6206",
        "14302",
        chapters("50-63", "65"),
        ("XI", "XII", "XX", "VI"),
    ),
}


#: Cluster types the formula does not yet pass, with the measured result and the reason (added
#: after the first run; the sets above are unchanged). strict: they fail loudly once they pass.
KNOWN_LIMITS: dict[str, str] = {}
# essential_oils was here at 0.75 until KBLI 2020's national classes counted (stop 29): ISIC 2029
# holds explosives (36) and glues (35) beside essential oils, and KBLI 2020 splits it into
# 20291 glues, 20292 explosives, ..., 20294 essential oils


def section_of(chapter: str) -> str:
    """Return the HS section (roman numeral) of a chapter."""
    return next(s for s, chs in SECTIONS.items() if chapter in chs)


def test_test_set_is_well_formed() -> None:
    assert len(CLUSTERS) >= 12
    for name, (_hs, _kbli, plausible, related) in CLUSTERS.items():
        assert plausible, name
        # every plausible chapter lies in a related section
        assert {section_of(c) for c in plausible} <= set(related), name


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN_LIMITS[n], strict=True))
        if n in KNOWN_LIMITS
        else n
        for n in sorted(CLUSTERS)
    ],
)
def test_adjacent_products_are_plausible(con, name: str) -> None:
    hs, kbli, plausible, related = CLUSTERS[name]
    record = {
        "cluster_id": f"plaus-{name}",
        "name": name,
        "province": "INDONESIA",
        "kbli": kbli,
        "hs_products": hs,
    }
    adj = opp.adjacent_products(con.services.clusters.inputs, record, top=20)
    assert len(adj) == 20, name
    ch = adj["hs4"].str[:2]
    share = ch.isin(plausible).mean()
    assert share >= 0.8, (name, share, adj[["hs4", "product"]].to_string())
    top10 = ch.head(10).map(section_of)
    assert top10.isin(related).all(), (name, adj.head(10)[["hs4", "product"]].to_string())


def test_a_shipped_clusters_adjacent_products_name_their_kbli_words(con) -> None:
    # Garut batik (KBLI 1313 textile finishing, ISIC 1410 clothing): the activity component
    # reads BPS's description of 1313 through the KBLI title words; the "why" names code, words
    adj = con.cluster("jabar-3205-batik").adjacent(top=20)
    assert len(adj) == 20
    assert adj["relatedness"].is_monotonic_decreasing
    for col in ("product_space", "inputs", "hierarchy", "description", "activity",
                "activity_class", "activity_text"):
        assert adj[col].between(0, 1).all(), col
    named = adj[adj["activity_text"] > 0]
    assert len(named) >= 3
    assert named["activity_code"].eq("1313").all()  # 1410 is ISIC only: no BPS description
    assert named["components"].str.contains("BPS's description of KBLI 1313 names").all()
    assert named["components_id"].str.contains("uraian BPS untuk KBLI 1313 menyebut").all()
    # activity is the mean of its two parts (the registry gives KBLI codes)
    want = (adj["activity_class"] + adj["activity_text"]) / 2
    assert (adj["activity"] - want).abs().max() < 1e-12


def test_goods_of_another_national_class_are_not_the_clusters_class(con) -> None:
    # KBLI 20294 essential oils lies in ISIC 2029 with 20292 explosives and 20291 glues: their
    # goods count as the same ISIC group (2/3), not the cluster's class (1), and the why says so
    hs, kbli, _, _ = CLUSTERS["essential_oils"]
    record = {"cluster_id": "plaus-eo", "name": "eo", "province": "INDONESIA", "kbli": kbli,
              "hs_products": hs}
    adj = opp.adjacent_products(con.services.clusters.inputs, record, top=40).set_index("hs4")
    for hs4, code in (("3602", "20292"), ("3506", "20291")):
        assert adj.loc[hs4, "activity_sibling"] == code, hs4
        assert adj.loc[hs4, "activity_class"] == pytest.approx(2 / 3, abs=1e-12)
    assert "KBLI 2020 puts it in 20292 Industri Bahan Peledak" in adj.loc["3602", "components"]
    assert "menempatkannya di 20292 Industri Bahan Peledak" in adj.loc["3602", "components_id"]
    # odoriferous mixtures (3302, ISIC 2029 by hand) share no word with a sibling's title
    assert adj.loc["3302", "activity_sibling"] == ""
    assert adj.loc["3302", "activity_class"] == pytest.approx(1.0, abs=1e-12)
    # wood carving (16293): rattan plaits are KBLI 16291 (anyaman rotan dan bambu)
    hs, kbli, _, _ = CLUSTERS["wood_handicraft"]
    record = {**record, "kbli": kbli, "hs_products": hs}
    adj = opp.adjacent_products(con.services.clusters.inputs, record, top=40).set_index("hs4")
    assert adj.loc["4601", "activity_sibling"] == "16291"
