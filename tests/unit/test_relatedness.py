"""Pure relatedness functions (gvc.analytics.relatedness): hand-checked cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gvc.analytics import relatedness as rel
from gvc.errors import InvalidInputError


def test_tokens_drop_boilerplate_and_fold_plurals() -> None:
    got = rel.text_tokens("Furniture; wooden, of a kind used in offices, n.e.s. in heading 9401")
    assert got == ["furniture", "wood", "office"]
    assert rel.text_tokens("Oils, essential; fisheries, glasses, boxes") == [
        "oil",
        "essential",
        "fishery",
        "glass",
        "box",
    ]
    assert rel.text_tokens("") == []


def test_hierarchy_by_hand_and_no_credit_for_the_residual_sections() -> None:
    made = ["9403", "0303", "9701"]
    cands = ["9401", "9503", "0306", "0901", "9702", "4421"]
    h = rel.hierarchy_similarity(cands, made)
    want = np.array(
        [
            [1.0, 0.0, 0.0],  # seats: chapter 94 with wooden furniture
            [0.0, 0.0, 0.0],  # toys: section XX with furniture, a residual section: nothing
            [0.0, 1.0, 0.0],  # crustaceans: chapter 03 with frozen fish
            [0.0, 0.0, 0.0],  # coffee: section II, nothing made there
            [0.0, 0.0, 1.0],  # collages: chapter 97 with paintings
            [0.0, 0.0, 0.0],  # wooden articles (IX): another section
        ]
    )
    np.testing.assert_allclose(h, want, atol=1e-12)
    # a material section still gives half: live animals (01) and fish (03) are both section I
    assert rel.hierarchy_similarity(["0102"], ["0303"])[0, 0] == pytest.approx(0.5, abs=1e-12)


def test_description_similarity_by_hand() -> None:
    texts = ["fish frozen", "fish prepared", "wood furniture", "n.e.s."]
    m = rel.DescriptionModel(texts)
    n = 4
    idf = {w: math.log(n / df) for w, df in {"fish": 2, "frozen": 1, "prepared": 1}.items()}
    # cosine of (fish, frozen) and (fish, prepared), tf = 1 for every word
    want = idf["fish"] ** 2 / (idf["fish"] ** 2 + idf["frozen"] ** 2)
    sim = m.similarity([0, 1, 2, 3], [0])
    assert sim[1, 0] == pytest.approx(want, abs=1e-6)
    assert sim[0, 0] == pytest.approx(1.0, abs=1e-6)
    assert sim[2, 0] == pytest.approx(0.0, abs=1e-12)
    assert sim[3, 0] == pytest.approx(0.0, abs=1e-12)  # no content words: similar to nothing
    assert m.shared_words(0, 1) == ["fish"]
    assert m.shared_words(0, 2) == []


def test_relatedness_adds_the_description_term() -> None:
    ps = np.array([[0.4, 0.1], [0.0, 0.0]])
    io = np.array([[1.0, 0.2], [0.0, 0.5]])
    hs = np.array([[0.5, 1.0], [0.0, 0.0]])
    ds = np.array([[0.2, 0.9], [0.0, 0.0]])
    act = np.array([1.0, 0.0])
    w = rel.check_weights(None)
    out = rel.relatedness(ps, io, hs, act, description=ds)
    pair = w["product_space"] * ps + w["inputs"] * io + w["hierarchy"] * hs
    pair += w["description"] * ds
    best = pair.argmax(axis=1)
    assert list(out["nearest"]) == list(best)
    assert out.loc[0, "relatedness"] == pytest.approx(pair[0, best[0]] + w["activity"], abs=1e-12)
    assert out.loc[0, "description"] == pytest.approx(ds[0, best[0]], abs=1e-12)
    parts = [f"{k}_part" for k in rel.COMPONENTS]
    np.testing.assert_allclose(out[parts].sum(axis=1), out["relatedness"], atol=1e-12)
    # without a description matrix the term is zero
    no_d = rel.relatedness(ps, io, hs, act)
    assert (no_d["description"] == 0).all()
    assert sum(w.values()) == pytest.approx(1.0, abs=1e-12)
    with pytest.raises(InvalidInputError, match="description"):
        rel.check_weights({"description": -1})


def _cands(rows: list[tuple[str, str, str, bool, str, str]]):
    import pandas as pd

    return pd.DataFrame(rows, columns=["hs6", "isic3", "isic4", "linked", "isic4_title", "text"]).assign(
        hs4=lambda d: d["hs6"].str[:4]
    )


def test_main_class_follows_the_hs_text_then_the_rev3_main() -> None:
    oils = "Oils; essential | Of citrus fruit"
    rows = [
        # the text names no title word: the Rev.3 class's main class wins, not the smallest code
        ("330111", "2429", "1079", True, "Manufacture of other food products n.e.c.", oils),
        ("330111", "2429", "2029", True, "Manufacture of other chemical products n.e.c.", oils),
        ("330111", "2429", "3312", True, "Repair of machinery", oils),
        # the text names "citrus": 0123 wins over the Rev.3 main 0127
        ("080510", "0113", "0123", True, "Growing of citrus fruits", "Citrus fruit | Oranges"),
        ("080510", "0113", "0127", True, "Growing of beverage crops", "Citrus fruit | Oranges"),
        # a repair class never wins while a goods class is there; unlinked classes drop out
        ("940161", "3610", "9524", True, "Repair of furniture and home furnishings", "Seats"),
        ("940161", "3610", "3100", True, "Manufacture of furniture", "Seats"),
        ("940161", "3610", "2219", False, "Manufacture of other rubber products", "Seats rubber"),
        ("940171", "3610", "3100", True, "Manufacture of furniture", "Seats | metal"),
        ("940190", "2519", "2219", True, "Manufacture of other rubber products", "Seats | parts"),
    ]
    got = rel.main_classes(_cands(rows), {"2429": "2029", "0113": "0127", "3610": "3100"})
    assert got.to_dict() == {"3301": "2029", "0805": "0123", "9401": "3100"}


def test_main_class_needs_its_columns() -> None:
    with pytest.raises(InvalidInputError, match="linked"):
        rel.main_classes(_cands([]).drop(columns="linked"), {})


def test_indonesian_tokens_drop_connectives_and_kbli_boilerplate() -> None:
    got = rel.text_tokens_id("Kelompok ini mencakup usaha pembuatan minyak atsiri, seperti minyak nilam")
    assert got == ["minyak", "atsiri", "minyak", "nilam"]
    assert rel.text_tokens_id("Cumi-cumi, beku") == ["cumi", "cumi", "beku"]
    assert rel.text_tokens_id("") == []


def test_query_uses_the_models_words_and_idf() -> None:
    texts = ["minyak atsiri nilam", "minyak kelapa sawit", "ikan beku"]
    m = rel.DescriptionModel(texts, rel.text_tokens_id)
    # 'atsiri' and 'nilam' are in one text (idf log 3), 'minyak' in two (idf log 1.5)
    sim = m.similarity_to("industri minyak atsiri")
    a, b = np.log(3.0), np.log(1.5)
    want0 = (b * b + a * a) / (np.sqrt(b * b + a * a) * np.sqrt(b * b + 2 * a * a))
    assert sim[0] == pytest.approx(want0, abs=1e-6)
    assert sim[2] == pytest.approx(0.0, abs=1e-12)
    assert sim[0] > sim[1] > 0
    assert m.words_shared_with("minyak atsiri", 0) == ["atsiri", "minyak"]
    assert np.all(m.query("kata asing") == 0)  # words no product text uses
    # further documents only change the idf: 'minyak' now in 3 of 4 documents
    m2 = rel.DescriptionModel(texts, rel.text_tokens_id, more_texts=["minyak goreng"])
    assert m2.vocab == m.vocab
    assert m2._idf[m2.vocab.index("minyak")] == pytest.approx(np.log(4 / 3), abs=1e-6)


def test_activity_description_is_scaled_within_the_clusters_divisions() -> None:
    sim = np.array([0.2, 0.4, 0.1, 0.8])
    isic = ["2029", "2023", "1020", "0311"]
    out = rel.activity_description(sim, isic, ["2029"])
    # division 20 only: 0.2 and 0.4, scaled by the best (0.4); fish and fishing get 0
    np.testing.assert_allclose(out, [0.5, 1.0, 0.0, 0.0], atol=1e-12)
    assert np.all(rel.activity_description(np.zeros(4), isic, ["2029"]) == 0)
    with pytest.raises(InvalidInputError, match="4 products but"):
        rel.activity_description(sim[:3], isic, ["2029"])


def test_national_classes_take_the_best_fitting_class_its_title_confirms() -> None:
    classes = ["20291", "20292", "20294"]
    sim = np.array([
        [0.6, 0.0, 0.0, 0.1, 0.9],   # glues
        [0.1, 0.7, 0.0, 0.0, 0.0],   # explosives
        [0.0, 0.2, 0.0, 0.0, 0.3],   # essential oils
    ])
    named = np.array([
        [True, False, False, False, True],
        [False, True, False, False, False],
        [False, True, False, True, True],
    ])
    inside = np.array([True, True, True, True, False])
    out = rel.national_classes(sim, named, classes, inside)
    # 0: glues (named); 1: explosives; 2: no class's text names it; 3: best fit (glues, 0.1)
    # shares no word with its title; 4: outside the ISIC class
    assert list(out) == ["20291", "20292", "", "", ""]
    assert list(rel.national_classes(np.zeros((0, 2)), np.zeros((0, 2)), [], inside[:2])) == [
        "", ""]
    with pytest.raises(InvalidInputError, match="3 classes x 4 products"):
        rel.national_classes(sim[:, :4], named, classes, inside[:4])


def test_words_of_keeps_only_the_title_vocabulary() -> None:
    words = rel.WordsOf.titles(["Industri Pembekuan Ikan", "Industri Minyak Atsiri"])
    assert words.vocabulary == {"pembekuan", "ikan", "minyak", "atsiri"}
    # the description's prose ('utuh', 'dipotong', 'beku') is not a title word
    assert words("ikan utuh maupun dipotong yang beku; minyak nilam") == ["ikan", "minyak"]
    m = rel.DescriptionModel(["Ikan, beku, utuh", "Tomat, utuh", "Minyak atsiri"], words)
    sim = m.similarity_to("Industri Pembekuan Ikan. ikan utuh maupun dipotong")
    assert sim[0] == pytest.approx(1.0, abs=1e-6)
    assert sim[1] == pytest.approx(0.0, abs=1e-12)  # tomatoes share only 'utuh'


def test_the_why_names_the_nearest_product_cut_at_a_word() -> None:
    from gvc.opportunity.explain import _clip

    assert _clip("Kemeja pria atau anak laki-laki.", 40) == "Kemeja pria atau anak laki-laki"
    got = _clip("Shirts; men's or boys' (not knitted or crocheted)", 40)
    assert got == "Shirts; men's or boys' (not knitted or…"
    assert len(got) <= 41

