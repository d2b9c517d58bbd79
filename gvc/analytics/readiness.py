"""Export readiness of an MSE cluster or enterprise: five transparent levers (METHODS.md s.5).

No single standard for export readiness exists. The nearest anchors are ITC's SME
Competitiveness Survey (capacity to compete, connect and change; ITC 2015, *SME Competitiveness
Outlook*) and national export-readiness self-assessments. gvc scores the five levers of MSE
graduation named in the mission, each from named input fields of the cluster registry:

1. ``productivity_finance`` - labour productivity relative to a benchmark and access to credit;
2. ``partnership`` - partnerships with medium and large firms;
3. ``modernisation`` - internet use and recent product/process innovation;
4. ``standards`` - certifications relevant to the cluster's activity, and the share of
   certified firms;
5. ``export_capacity`` - export share of output and share of exporting firms.

Every indicator is mapped to 0-100 by a stated rule (:data:`INDICATORS`); a lever is the mean of
its indicators that have data; the overall score is the weighted mean of the levers that have
data, with the weights re-normalised over them. Missing inputs are never imputed: they lower
``confidence`` (the share of the total weight, and of the indicators, that had data) and are
named in the output.

Default weights are equal (0.2 each): no published weighting of these levers exists, and ITC's
SME competitiveness grid also averages its pillars without weights. Users can pass their own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from gvc import i18n
from gvc.errors import InvalidInputError


@dataclass(frozen=True)
class Lever:
    """One readiness component (its name: catalog message ``lever.<key>``)."""

    key: str
    indicators: tuple[str, ...]

    def title(self, lang: str) -> str:
        """Return the lever's name in ``lang``."""
        return i18n.text(f"lever.{self.key}", lang)


LEVERS: tuple[Lever, ...] = (
    Lever(
        "productivity_finance",
        ("labour_productivity", "credit_access"),
    ),
    Lever(
        "partnership",
        ("partnership",),
    ),
    Lever(
        "modernisation",
        ("internet_use", "innovation"),
    ),
    Lever(
        "standards",
        ("relevant_certifications", "certified_firms"),
    ),
    Lever(
        "export_capacity",
        ("export_share", "exporting_firms"),
    ),
)

DEFAULT_WEIGHTS: dict[str, float] = {lv.key: 0.2 for lv in LEVERS}

#: Productivity ratio (cluster VA per worker / benchmark) that earns full marks.
PRODUCTIVITY_FULL = 2.0
#: Export share of output that earns full marks (a regular exporter).
EXPORT_SHARE_FULL = 0.25

#: Share fields a provincial prior may supply (BPS IMK 2025 publishes these by province).
PRIOR_FIELDS = ("share_credit", "share_partnership", "share_internet")

#: indicator -> its input fields (its name and rule in words: catalog ``ind.<indicator>`` and
#: ``rule.<indicator>``)
INDICATORS: dict[str, tuple[str, ...]] = {
    "labour_productivity": ("value_added_idr", "workers", "benchmark_va_per_worker"),
    "credit_access": ("share_credit",),
    "partnership": ("share_partnership",),
    "internet_use": ("share_internet",),
    "innovation": ("share_innovation",),
    "relevant_certifications": ("certifications", "kbli"),
    "certified_firms": ("share_certified",),
    "export_share": ("export_share",),
    "exporting_firms": ("share_exporting",),
}

#: KBLI 2-digit divisions -> certification groups relevant to them (a group is met when any of
#: its certifications is held). Sources: market_requirements rows (halal: SAU/ARE/MYS; HACCP and
#: food-safety schemes: US seafood HACCP, FSVP, EU buyer requirements; SVLK/FLEGT: EU, GBR, AUS,
#: JPN timber rules) and Indonesia's domestic registration (PIRT/BPOM) for processed food.
RELEVANT_CERTIFICATIONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "food": (
        ("halal", ("HALAL",)),
        ("food safety system", ("HACCP", "ISO22000", "FSSC22000", "BRCGS", "GMP")),
        ("food registration", ("PIRT", "BPOM")),
    ),
    "wood": (
        ("timber legality", ("SVLK", "FSC", "PEFC")),
        ("quality management", ("ISO9001", "SNI")),
    ),
    "textile": (
        ("product standard or quality management", ("SNI", "ISO9001")),
        ("textile safety or sustainability label", ("OEKOTEX", "GOTS")),
    ),
    "other": (("product standard or quality management", ("SNI", "ISO9001")),),
}
_DIVISION_GROUP = {
    **dict.fromkeys(("10", "11", "56"), "food"),
    **dict.fromkeys(("16", "31"), "wood"),
    **dict.fromkeys(("13", "14", "15"), "textile"),
}


def certification_groups(kbli: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Return the certification groups relevant to a list of KBLI/ISIC codes."""
    groups: list[tuple[str, tuple[str, ...]]] = []
    kinds = {_DIVISION_GROUP.get(str(code)[:2], "other") for code in kbli}
    for kind in ("food", "wood", "textile", "other"):
        if kind in kinds:
            for g in RELEVANT_CERTIFICATIONS[kind]:
                if g not in groups:
                    groups.append(g)
    return groups


def _num(v: object) -> float | None:
    if v is None or isinstance(v, str):
        return None
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _codes(v: object) -> list[str]:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return []
    if isinstance(v, str):
        return [p for p in v.replace(",", ";").split(";") if p.strip()]
    return [str(p) for p in v]  # type: ignore[attr-defined]


def indicator_scores(
    record: Mapping[str, object],
    benchmark_va_per_worker: float | None = None,
    prior: Mapping[str, object] | None = None,
    prior_label: str = "",
    lang: str = "en",
) -> pd.DataFrame:
    """Score each readiness indicator of one cluster (or enterprise) on 0-100.

    Parameters
    ----------
    record : mapping
        Registry fields (see :data:`INDICATORS` for the ones used).
    benchmark_va_per_worker : float, optional
        Value added per worker (IDR) of the comparison group, e.g. the province's micro and
        small industry from BPS IMK 2025; without it labour productivity is unknown.
    prior : mapping, optional
        Share fields (:data:`PRIOR_FIELDS`) of a comparison group, e.g. the province's micro and
        small manufacturing (BPS IMK 2025), used where the record has none: a labelled prior,
        not the cluster's own figure (column ``basis`` says which).
    prior_label : str
        What the prior is (shown with every value taken from it).
    lang : {"en", "id"}
        Language of the ``value`` and ``rule`` texts (catalog messages ``ready.*``, ``rule.*``).

    Returns
    -------
    DataFrame
        Columns indicator, lever, score (NaN when an input is missing), inputs, missing, value,
        rule, basis ("cluster", "prior" or "" when missing).
    """
    def say(key: str, **fmt: object) -> str:
        return i18n.text(key, lang, **fmt)

    def group(name: str) -> str:
        return say("certgroup." + name.replace(" ", "_"))

    none = say("ready.none")
    rows = []
    lever_of = {ind: lv.key for lv in LEVERS for ind in lv.indicators}
    for ind, fields in INDICATORS.items():
        from_prior = False
        score: float | None = None
        value: str = ""
        missing: list[str] = []
        if ind == "labour_productivity":
            va, w = _num(record.get("value_added_idr")), _num(record.get("workers"))
            bench = _num(benchmark_va_per_worker)
            missing = [
                n
                for n, v in (
                    ("value_added_idr", va),
                    ("workers", w),
                    ("benchmark_va_per_worker", bench),
                )
                if v is None
            ]
            ratio_direct = _num(record.get("labour_productivity_ratio"))
            if ratio_direct is not None:
                missing = []
                ratio = ratio_direct
                value = say("ready.ratio_self", ratio=i18n.number(ratio, lang, 2))
                score = 100 * min(ratio, PRODUCTIVITY_FULL) / PRODUCTIVITY_FULL
            elif not missing and w and bench:
                ratio = va / w / bench  # type: ignore[operator]
                value = say(
                    "ready.ratio",
                    va=i18n.number(va / w, lang, 0),  # type: ignore[operator]
                    benchmark=i18n.number(bench, lang, 0),
                    ratio=i18n.number(ratio, lang, 2),
                )
                score = 100 * min(ratio, PRODUCTIVITY_FULL) / PRODUCTIVITY_FULL
            elif not missing:
                missing = ["workers"]
        elif ind == "relevant_certifications":
            certs = record.get("certifications")
            kbli = _codes(record.get("kbli"))
            if certs is None or (isinstance(certs, float) and math.isnan(certs)):
                missing = ["certifications"]
            elif not kbli:
                missing = ["kbli"]
            else:
                held = set(_codes(certs))
                groups = certification_groups(kbli)
                met = [name for name, members in groups if held & set(members)]
                unmet = [name for name, members in groups if not held & set(members)]
                score = 100 * len(met) / len(groups) if groups else None
                value = say(
                    "ready.certs",
                    held=", ".join(sorted(held)) or none,
                    met=", ".join(group(g) for g in met) or none,
                    unmet=", ".join(group(g) for g in unmet) or none,
                )
        elif ind == "export_share":
            v = _num(record.get("export_share"))
            if v is None:
                missing = ["export_share"]
            else:
                score = 100 * min(v / EXPORT_SHARE_FULL, 1.0)
                value = say("ready.exported", share=i18n.percent(v, lang, 1))
        else:
            field = fields[0]
            v = _num(record.get(field))
            if v is None and prior and field in PRIOR_FIELDS:
                v = _num(prior.get(field))
                from_prior = v is not None
            if v is None:
                missing = [field]
            else:
                score = 100 * v
                value = say("ready.of_firms", share=i18n.percent(v, lang, 1))
                if from_prior:
                    value += " - " + say("ready.prior", label=prior_label)
        basis = "" if score is None else ("prior" if from_prior else "cluster")
        rows.append(
            {
                "indicator": ind,
                "lever": lever_of[ind],
                "score": float("nan") if score is None else float(score),
                "inputs": ", ".join(f for f in fields if f != "benchmark_va_per_worker"),
                "missing": ", ".join(missing),
                "value": value,
                "rule": say(
                    f"rule.{ind}", full=i18n.number(PRODUCTIVITY_FULL, lang, 0),
                    export_full=i18n.number(EXPORT_SHARE_FULL, lang, 2),
                ),
                "basis": basis,
            }
        )
    return pd.DataFrame(rows)


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Return complete lever weights (defaults for levers not given), validated and summing to 1."""
    w = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = sorted(set(weights) - set(w))
        if unknown:
            raise InvalidInputError(
                f"'weights': unknown lever(s) {unknown}; levers are {', '.join(w)}"
            )
        for k, v in weights.items():
            f = _num(v)
            if f is None or f < 0:
                raise InvalidInputError(f"'weights': {k} must be a non-negative number (got {v!r})")
            w[k] = f
    total = sum(w.values())
    if total <= 0:
        raise InvalidInputError("'weights': at least one lever needs a positive weight")
    return {k: v / total for k, v in w.items()}


def readiness(
    record: Mapping[str, object],
    weights: Mapping[str, float] | None = None,
    benchmark_va_per_worker: float | None = None,
    lang: str = "en",
    prior: Mapping[str, object] | None = None,
    prior_label: str = "",
) -> pd.DataFrame:
    """Score export readiness on the five levers and overall.

    Parameters
    ----------
    record : mapping
        Registry fields of one cluster or enterprise (or the output of
        :func:`answers_to_record`).
    weights : mapping, optional
        Lever -> weight; missing levers keep their default (0.2); re-normalised to sum to 1.
    benchmark_va_per_worker : float, optional
        See :func:`indicator_scores`.
    lang : {"en", "id"}
        Language of the lever names and explanations.
    prior, prior_label
        A labelled provincial prior for the share fields the record lacks (see
        :func:`indicator_scores`); ``attrs["prior_fields"]`` lists what it supplied.

    Returns
    -------
    DataFrame
        One row per lever and a final ``overall`` row. Columns lever, name, score (0-100, NaN
        without data), weight (as given, normalised), weight_used (re-normalised over levers
        with data), indicators_used, indicators_missing, missing_inputs, explanation. ``attrs``
        hold score, confidence (share of weight with data x share of indicators with data, 0-1),
        weights and the indicator table.
    """
    if lang not in ("en", "id"):
        raise InvalidInputError(f"'lang' must be 'en' or 'id' (got {lang!r})")
    w = check_weights(weights)
    ind = indicator_scores(record, benchmark_va_per_worker, prior, prior_label, lang)
    rows = []
    for lv in LEVERS:
        sub = ind[ind["lever"] == lv.key]
        have = sub[sub["score"].notna()]
        score = float(have["score"].mean()) if not have.empty else float("nan")
        missing = sorted({m for ms in sub["missing"] for m in ms.split(", ") if m})
        rows.append(
            {
                "lever": lv.key,
                "name": lv.title(lang),
                "score": score,
                "weight": w[lv.key],
                "indicators_used": ", ".join(have["indicator"]),
                "indicators_missing": ", ".join(sub.loc[sub["score"].isna(), "indicator"]),
                "missing_inputs": ", ".join(missing),
                "explanation": _explain(lv, sub, score, lang),
            }
        )
    out = pd.DataFrame(rows)
    has = out["score"].notna()
    wsum = float(out.loc[has, "weight"].sum())
    out["weight_used"] = [
        wt / wsum if h and wsum > 0 else 0.0 for wt, h in zip(out["weight"], has, strict=True)
    ]
    total = float((out["score"].fillna(0) * out["weight_used"]).sum()) if wsum > 0 else float("nan")
    weight_cov = wsum
    ind_cov = float(ind["score"].notna().mean())
    confidence = weight_cov * ind_cov
    n_missing = int(ind["score"].isna().sum())
    summary = (
        i18n.text(
            "ready.summary",
            lang,
            score=i18n.number(total, lang, 0),
            levers=int(has.sum()),
            confidence=i18n.percent(confidence, lang),
            missing=n_missing,
        )
        if wsum > 0
        else i18n.text("ready.no_data", lang)
    )
    overall = {
        "lever": "overall",
        "name": i18n.text("lever.overall", lang),
        "score": total,
        "weight": 1.0,
        "weight_used": 1.0 if wsum > 0 else 0.0,
        "indicators_used": str(int(ind["score"].notna().sum())),
        "indicators_missing": str(n_missing),
        "missing_inputs": ", ".join(
            sorted({m for ms in ind["missing"] for m in ms.split(", ") if m})
        ),
        "explanation": summary,
    }
    out = pd.concat([out, pd.DataFrame([overall])], ignore_index=True)
    out.attrs = {
        "score": total,
        "confidence": confidence,
        "weights": w,
        "indicators": ind.to_dict("records"),
        "prior_fields": [
            INDICATORS[i][0] for i in ind.loc[ind["basis"] == "prior", "indicator"]
        ],
        "prior_label": prior_label,
    }
    return out


def _explain(lv: Lever, sub: pd.DataFrame, score: float, lang: str) -> str:
    parts = []
    for rec in sub.to_dict("records"):
        name = i18n.text(f"ind.{rec['indicator']}", lang)
        if math.isnan(rec["score"]):
            missing = ", ".join(
                i18n.text(f"input.{m}", lang) for m in rec["missing"].split(", ") if m
            )
            parts.append(i18n.text("ready.no_data_for", lang, indicator=name, missing=missing))
        else:
            parts.append(f"{name} {i18n.number(rec['score'], lang, 0)} ({rec['value']})")
    head = (
        f"{i18n.number(score, lang, 0)}/100"
        if not math.isnan(score)
        else i18n.text("ready.not_scored", lang)
    )
    return f"{head}: " + "; ".join(parts)


# -- self-assessment questionnaire (in gvc.analytics.questionnaire; re-exported here) --------

from gvc.analytics.questionnaire import answers_to_record, questionnaire  # noqa: E402

__all__ = [
    "DEFAULT_WEIGHTS",
    "INDICATORS",
    "LEVERS",
    "PRIOR_FIELDS",
    "answers_to_record",
    "certification_groups",
    "check_weights",
    "indicator_scores",
    "questionnaire",
    "readiness",
]
