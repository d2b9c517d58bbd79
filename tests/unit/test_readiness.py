"""Export readiness: hand-checked scoring of made-up clusters, weights, questionnaire."""

from __future__ import annotations

import math

import pytest

from gvc.analytics import readiness as rd
from gvc.errors import InvalidInputError

# A hand-made food cluster (synthetic, for the arithmetic only).
FULL = {
    "kbli": "1079",
    "value_added_idr": 2.0e9,
    "workers": 100.0,  # 20 m IDR per worker
    "share_credit": 0.2,
    "share_partnership": 0.1,
    "share_internet": 0.5,
    "share_innovation": 0.3,
    "certifications": "HALAL;PIRT",
    "share_certified": 0.4,
    "export_share": 0.05,
    "share_exporting": 0.1,
}
BENCH = 20.0e6  # the cluster sits exactly at the benchmark: productivity 50


def test_full_cluster_by_hand() -> None:
    out = rd.readiness(FULL, benchmark_va_per_worker=BENCH).set_index("lever")
    # productivity 50 (ratio 1 of 2), credit 20 -> 35
    assert out.loc["productivity_finance", "score"] == pytest.approx(35.0)
    assert out.loc["partnership", "score"] == pytest.approx(10.0)
    assert out.loc["modernisation", "score"] == pytest.approx(40.0)
    # food groups: halal (met), food safety system (not met), registration (PIRT: met) -> 2/3
    assert out.loc["standards", "score"] == pytest.approx((200 / 3 + 40) / 2)
    # export share 5% of the 25% full mark -> 20; exporting firms 10 -> 15
    assert out.loc["export_capacity", "score"] == pytest.approx(15.0)
    overall = (35 + 10 + 40 + (200 / 3 + 40) / 2 + 15) / 5
    assert out.loc["overall", "score"] == pytest.approx(overall)
    assert out.attrs["confidence"] == pytest.approx(1.0)
    assert "not met: food safety system" in out.loc["standards", "explanation"]


def test_missing_inputs_lower_confidence_not_imputed() -> None:
    rec = {"kbli": "1079", "share_partnership": 0.3}
    out = rd.readiness(rec).set_index("lever")
    assert out.loc["partnership", "score"] == pytest.approx(30.0)
    for lever in ("productivity_finance", "modernisation", "standards", "export_capacity"):
        assert math.isnan(out.loc[lever, "score"])
        assert out.loc[lever, "weight_used"] == 0.0
    # the overall score is the one lever with data, not an average with zeros
    assert out.loc["overall", "score"] == pytest.approx(30.0)
    # weight share with data 0.2 x indicators with data 1/9
    assert out.attrs["confidence"] == pytest.approx(0.2 / 9)
    assert "share_credit" in out.loc["overall", "missing_inputs"]
    assert "internet use: no data (share of firms using the internet)" in out.loc[
        "modernisation", "explanation"
    ]


def test_no_data_at_all() -> None:
    out = rd.readiness({"kbli": "1410"})
    assert math.isnan(out.attrs["score"])
    assert out.attrs["confidence"] == 0.0
    assert "cannot be scored" in out.iloc[-1]["explanation"]


def test_custom_weights() -> None:
    w = {
        "partnership": 3.0,
        "export_capacity": 1.0,
        "productivity_finance": 0,
        "modernisation": 0,
        "standards": 0,
    }
    out = rd.readiness(FULL, weights=w, benchmark_va_per_worker=BENCH)
    assert out.attrs["score"] == pytest.approx((3 * 10 + 1 * 15) / 4)
    partial = rd.readiness(FULL, weights={"standards": 0.6}, benchmark_va_per_worker=BENCH)
    # standards 0.6, the four others keep 0.2 each: total 1.4
    assert partial.attrs["weights"]["standards"] == pytest.approx(0.6 / 1.4)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"speed": 1.0}, r"unknown lever\(s\) \['speed'\]"),
        ({"partnership": -1}, r"partnership must be a non-negative number"),
        ({"partnership": "x"}, r"partnership must be a non-negative number"),
        (dict.fromkeys(rd.DEFAULT_WEIGHTS, 0), r"at least one lever"),
    ],
)
def test_bad_weights(weights: dict, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        rd.readiness(FULL, weights=weights)


def test_productivity_capped() -> None:
    rec = {"kbli": "1079", "value_added_idr": 1e10, "workers": 10.0}
    ind = rd.indicator_scores(rec, benchmark_va_per_worker=1e6).set_index("indicator")
    assert ind.loc["labour_productivity", "score"] == pytest.approx(100.0)  # ratio 1000 -> cap
    ind = rd.indicator_scores(rec).set_index("indicator")
    assert math.isnan(ind.loc["labour_productivity", "score"])
    assert ind.loc["labour_productivity", "missing"] == "benchmark_va_per_worker"


def test_certification_groups_by_sector() -> None:
    food = [g for g, _ in rd.certification_groups(["1079"])]
    assert food == ["halal", "food safety system", "food registration"]
    wood = [g for g, _ in rd.certification_groups(["1629", "3100"])]
    assert wood[0] == "timber legality"
    rec = {"kbli": "1629", "certifications": "SVLK"}
    ind = rd.indicator_scores(rec).set_index("indicator")
    assert ind.loc["relevant_certifications", "score"] == pytest.approx(50.0)


def test_questionnaire_feeds_the_same_scoring() -> None:
    qs = {q["id"]: q for q in rd.questionnaire("cluster")}
    assert set(qs) >= {
        "q_credit",
        "q_partnership",
        "q_internet",
        "q_export_share",
        "q_certifications",
        "q_productivity",
    }
    answers = {
        "q_credit": "some (a quarter to a half)",
        "q_partnership": "none",
        "q_internet": "all",
        "q_export_share": "10-25%",
        "q_certifications": ["HALAL", "HACCP"],
        "q_productivity": "about the same",
    }
    rec = rd.answers_to_record(answers, kbli="1079")
    assert rec["share_credit"] == 0.375
    assert rec["share_internet"] == 1.0
    assert rec["export_share"] == 0.175
    assert rec["certifications"] == "HALAL;HACCP"
    out = rd.readiness(rec).set_index("lever")
    assert out.loc["productivity_finance", "score"] == pytest.approx((50 + 37.5) / 2)
    assert out.loc["export_capacity", "score"] == pytest.approx(100 * 0.175 / 0.25)
    assert out.loc["standards", "score"] == pytest.approx(200 / 3)


def test_enterprise_questionnaire_indonesian() -> None:
    qs = rd.questionnaire("enterprise", "id")
    credit = next(q for q in qs if q["id"] == "q_credit")
    assert credit["options"] == ["tidak", "ya"]
    assert credit["question"].startswith("Apakah usaha Anda")
    rec = rd.answers_to_record(
        {"q_credit": "ya", "q_exporting": "tidak"}, mode="enterprise", lang="id", kbli="1410"
    )
    assert rec["share_credit"] == 1.0
    assert rec["share_exporting"] == 0.0
    out = rd.readiness(rec, lang="id")
    assert out.iloc[-1]["name"] == "Keseluruhan"


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"q_nope": "x"}, r"unknown question id"),
        ({"q_credit": "lots"}, r"q_credit must be one of"),
        ({"q_certifications": ["HALAL", "GOLD"]}, r"unknown option"),
    ],
)
def test_bad_answers(answers: dict, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        rd.answers_to_record(answers)
