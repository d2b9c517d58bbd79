"""Cluster profiles that say what is known (issue 15.4): display tables without None or NaN.

:func:`profile_view`, :func:`readiness_view` and :func:`graduation_view` turn a registry record,
the readiness table and the graduation table into text tables for people: every known value
formatted with its unit and source, every unknown one replaced by one plain sentence (English
or Bahasa Indonesia) saying what is missing and which template column adds it. A provincial
prior (BPS IMK 2025 shares of micro and small manufacturing firms with loans, partnerships and
internet, by province) is shown as such, never as the cluster's own figure. For the West Java
UMKM clusters the 2017-2021 unit counts give size and growth.

:func:`gather` collects these inputs from a store (``memo``, ``sql``, ``data_dir``, ``cluster``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from gvc import i18n
from gvc.errors import GvcError, InvalidInputError
from gvc.registry.kbli import describe
from gvc.registry.schema import FIELDS

#: Fields whose value is a share (shown as a percentage).
_SHARES = {f.name for f in FIELDS if f.kind == "share"}
_IDR = {f.name for f in FIELDS if f.kind == "idr"}
#: Template columns that add each readiness lever's inputs.
LEVER_COLUMNS: dict[str, tuple[str, ...]] = {
    "productivity_finance": ("value_added_idr", "workers", "share_credit"),
    "partnership": ("share_partnership",),
    "modernisation": ("share_internet", "share_innovation"),
    "standards": ("certifications", "share_certified"),
    "export_capacity": ("export_share", "share_exporting"),
}


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v == ""


def _source_name(record: Mapping[str, object], lang: str) -> str:
    src = str(record.get("source") or "")
    if src.startswith("Open Data Jabar"):
        return "Open Data Jabar"
    if src.startswith("BPS"):
        return "BPS IMK 2025"
    return i18n.text("prof.the_registry", lang)


def missing_sentence(field: str, record: Mapping[str, object], lang: str = "en") -> str:
    """One plain sentence: what is missing and which template column adds it."""
    f = next((x for x in FIELDS if x.name == field), None)
    what = f.describe(lang) if f else field
    return i18n.text(
        "prof.missing", lang, source=_source_name(record, lang), what=what, field=field
    )


def _fmt(field: str, v: object, lang: str) -> str:
    if field in _SHARES:
        return i18n.percent(float(v), lang, 1)  # type: ignore[arg-type]
    if field in _IDR:
        return i18n.money(float(v), lang, "IDR", compact=False)  # type: ignore[arg-type]
    if isinstance(v, float) and v.is_integer():
        return i18n.number(v, lang, 0) if field != "year" else f"{int(v)}"
    return str(v)


def profile_view(
    record: Mapping[str, object],
    lang: str = "en",
    kbli_text: str = "",
    hs_text: str = "",
    trend: pd.DataFrame | None = None,
    prior: Mapping[str, object] | None = None,
    prior_label: str = "",
) -> pd.DataFrame:
    """Return the cluster's profile as text: field, label, value, unit, basis.

    Parameters
    ----------
    record : mapping
        One registry row.
    lang : {"en", "id"}
        Language of labels and sentences.
    kbli_text, hs_text : str
        The activity and product codes with their titles (see :func:`gather`).
    trend : DataFrame, optional
        Columns year, units: the unit counts of the cluster over time (West Java UMKM).
    prior : mapping, optional
        Share fields of the province's micro and small manufacturing (BPS IMK 2025).
    prior_label : str
        What the prior is.

    Returns
    -------
    DataFrame
        No cell is None or NaN: ``basis`` is ``given``, ``derived``, ``provincial prior`` or
        ``missing`` (then ``value`` is a sentence naming the template column).
    """
    if lang not in ("en", "id"):
        raise InvalidInputError(f"'lang' must be 'en' or 'id' (got {lang!r})")
    derived = set(str(record.get("derived_fields") or "").split(";"))
    rows = []
    for f in FIELDS:
        if f.name in ("name_id", "notes_id"):
            continue  # the Indonesian name and notes: shown as the name and notes in Indonesian
        v = record.get(f.name)
        basis = "derived" if f.name in derived else "given"
        if f.name == "kbli" and kbli_text:
            value = kbli_text
        elif f.name == "hs_products" and hs_text and not _missing(v):
            value = hs_text
        elif f.name == "hs_products" and _missing(v) and "Food service" in str(record.get("notes")):
            value = i18n.text("prof.food_service", lang)
            basis = "not applicable"
        elif _missing(v) and prior and not _missing(prior.get(f.name)):
            pv = float(prior[f.name])  # type: ignore[arg-type]
            value = i18n.text(
                "prof.prior", lang, value=i18n.percent(pv, lang, 1), label=prior_label,
                field=f.name,
            )
            basis = "provincial prior"
        elif _missing(v):
            value, basis = missing_sentence(f.name, record, lang), "missing"
        else:
            value = _fmt(f.name, v, lang)
        rows.append(
            {
                "field": f.name,
                "label": f.describe(lang),
                "value": value,
                "unit": f.unit or "-",
                "basis": basis,
            }
        )
    if trend is not None and len(trend) >= 2:
        t = trend.sort_values("year")
        y0, y1 = int(t["year"].iloc[0]), int(t["year"].iloc[-1])
        u0, u1 = float(t["units"].iloc[0]), float(t["units"].iloc[-1])
        cagr = (u1 / u0) ** (1 / (y1 - y0)) - 1 if u0 > 0 and y1 > y0 else float("nan")
        series = "; ".join(
            f"{int(y)}: {i18n.number(u, lang, 0)}"
            for y, u in zip(t["year"], t["units"], strict=True)
        )
        growth = (
            i18n.signed_percent(cagr, lang, 1)
            if math.isfinite(cagr)
            else "-"
        )
        rows.append(
            {
                "field": "units_trend",
                "label": i18n.text("prof.trend_label", lang),
                "value": i18n.text(
                    "prof.trend_value", lang, series=series, start=y0, end=y1, growth=growth
                ),
                "unit": "units",
                "basis": "given",
            }
        )
    return pd.DataFrame(rows)


def readiness_view(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the readiness table as text: lever, name, score, weight, explanation, to_add.

    A lever without data shows a sentence instead of a score, naming the template columns
    that add its inputs.
    """
    rows = []
    prior = table.attrs.get("prior_label") or ""
    prior_levers = {
        str(r["lever"]) for r in table.attrs.get("indicators", []) if r.get("basis") == "prior"
    }
    for rec in table.to_dict("records"):
        score = rec["score"]
        lever = str(rec["lever"])
        cols = LEVER_COLUMNS.get(lever, ())
        if _missing(score):
            s = i18n.text("ready.not_scored", lang)
            add = i18n.text("prof.lever_no_data", lang, columns=", ".join(cols))
            if lever == "overall":
                add = i18n.text("prof.overall_no_data", lang)
        else:
            s = f"{i18n.number(float(score), lang, 0)}/100"
            missing = str(rec.get("missing_inputs") or "")
            add = (
                i18n.text("prof.add_missing", lang, columns=missing)
                if missing
                else i18n.text("prof.complete", lang)
            )
            uses_prior = lever in prior_levers or (lever == "overall" and prior_levers)
            if prior and uses_prior:
                add += " " + i18n.text("prof.uses_prior", lang, label=prior)
        rows.append(
            {
                "lever": lever,
                "name": str(rec["name"]),
                "score": s,
                "weight": i18n.percent(float(rec["weight"]), lang),
                "explanation": str(rec["explanation"]),
                "to_add": add,
            }
        )
    return pd.DataFrame(rows)


def in_language(record: Mapping[str, object], lang: str) -> dict[str, object]:
    """Return ``record`` as shown in ``lang``.

    In Indonesian, ``name`` and ``notes`` are the registry's ``name_id`` / ``notes_id`` where it
    gives them; the twins themselves are left out.
    """
    out = {k: v for k, v in record.items() if k not in ("name_id", "notes_id")}
    if lang == "id":
        for base in ("name", "notes"):
            local = record.get(f"{base}_id")
            if isinstance(local, str) and local.strip():
                out[base] = local
    return out


def graduation_words(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the rows of :func:`gvc.analytics.graduation` with their codes in words of ``lang``.

    Basis, criterion, size classes, method and gap unit come from the catalog (``grad.*``); the
    note is ``note_id`` in Indonesian. Numbers stay numbers.
    """
    out = table.copy()
    if "criterion" in out:
        out["basis"] = [i18n.text(f"grad.basis.{c}", lang) for c in out["criterion"]]
        out["criterion"] = [i18n.text(f"grad.crit.{c}", lang) for c in out["criterion"]]
    for col in ("size_class", "next_class"):
        if col in out:
            out[col] = [i18n.text(f"grad.class.{c}", lang) if isinstance(c, str) else "-"
                        for c in out[col]]
    if "method" in out:
        out["method"] = [i18n.text(f"grad.method.{str(m).replace(' ', '_')}", lang)
                         for m in out["method"]]
    if "gap_unit" in out:
        out["gap_unit"] = [i18n.text(f"grad.unit.{u}", lang) if u else "" for u in out["gap_unit"]]
    if "note_id" in out:
        twin = out.pop("note_id")
        if lang == "id":
            out["note"] = twin
    return out


def graduation_view(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the graduation table as text: basis, size_class, firms, share, next, gap, note.

    A criterion with no data becomes one row with a sentence naming the template columns.
    Classes, bases, units and notes are in ``lang`` (:func:`graduation_words`).
    """
    words = graduation_words(table, lang)
    rows = []
    for crit, sub in table.groupby("criterion", sort=False):
        known = sub[sub["method"] != "unknown"]
        basis = str(words.loc[sub.index[0], "basis"])
        if known.empty:
            cols = {
                "workers": "size_basis=workers, firms_micro ... firms_medium, workers_micro ...",
                "sales": "size_basis=sales and firms_micro ... firms_large, or per-firm "
                "annual_sales_idr",
                "capital": "size_basis=capital and firms_micro ... firms_large, or per-firm "
                "capital_idr",
            }[str(crit)]
            note = i18n.text("prof.graduation_unknown", lang, columns=cols)
            rows.append(
                {
                    "basis": basis,
                    "size_class": "-",
                    "firms": "-",
                    "share": "-",
                    "next_class": "-",
                    "gap": "-",
                    "note": note,
                }
            )
            continue
        for i, rec in zip(sub.index, sub.to_dict("records"), strict=True):
            said = words.loc[i]
            unknown = rec["method"] == "unknown"
            firms = rec["firms"]
            gap = rec["gap"]
            note = "" if _missing(said["note"]) else str(said["note"])
            if unknown:
                note = i18n.text("prof.class_unknown", lang, column=f"firms_{rec['size_class']}")
            rows.append(
                {
                    "basis": basis,
                    "size_class": str(said["size_class"]),
                    "firms": "-" if _missing(firms) else i18n.number(float(firms), lang, 0),
                    "share": "-" if _missing(rec["share"]) else i18n.percent(rec["share"], lang, 1),
                    "next_class": str(said["next_class"]),
                    "gap": "-"
                    if _missing(gap)
                    else f"{i18n.number(float(gap), lang, 2)} {said['gap_unit']}",
                    "note": note or "-",
                }
            )
    return pd.DataFrame(rows)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def gather(
    store: Any,
    record: Mapping[str, object],
    registry: str,
    shipped: Callable[[str], Mapping[str, object] | None] | None = None,
    lang: str = "en",
) -> dict[str, object]:
    """Collect what :func:`profile_view` shows beyond the record, from a store.

    The texts of the activities and products are in ``lang``.

    Returns a dict with kbli_text, hs_text, trend (West Java clusters) and prior, prior_label
    (the province's BPS IMK 2025 shares of micro and small manufacturing firms; only for
    manufacturing clusters, KBLI 10-33, and not for the IMK clusters themselves, whose shares
    are their own).
    """
    out: dict[str, object] = {
        "kbli_text": "",
        "hs_text": "",
        "trend": None,
        "prior": None,
        "prior_label": "",
    }
    codes = [c for c in str(record.get("kbli") or "").split(";") if c]
    try:
        out["kbli_text"] = describe(codes, store.data_dir, lang) if codes else ""
    except GvcError:
        out["kbli_text"] = ";".join(codes)
    hs = [c for c in str(record.get("hs_products") or "").split(";") if c]
    if hs:
        desc = store.memo(
            "profile_hs92_4",
            lambda: store.sql("complexity_products", revision="HS92", level=4).set_index("product")[
                "description"
            ],
        )
        if lang == "id":  # BTKI 2022's Indonesian name where it has one
            names_id = store.memo("profile_hs92_4_id", lambda: store.sql(
                "core_products", revision="HS92", level=4, prefix=None, groups=None,
                limit=100_000).set_index("code")["description_id"].dropna())
            desc = names_id.combine_first(desc)
        out["hs_text"] = "; ".join(f"{h} {str(desc.get(h[:4], ''))[:50]}".strip() for h in hs)
    province = str(record.get("province") or "").upper()
    manufacturing = bool(codes) and all(c[:2].isdigit() and 10 <= int(c[:2]) <= 33 for c in codes)
    if registry != "bps_imk2025" and manufacturing and province and province != "INDONESIA":
        imk = shipped(f"imk2025-{_slug(province)}") if shipped is not None else None
        if imk is not None:
            out["prior"] = {
                k: imk.get(k) for k in ("share_credit", "share_partnership", "share_internet")
            }
            out["prior_label"] = f"BPS IMK 2025, {province}"  # (IMK: industri mikro dan kecil)
    cid = str(record.get("cluster_id") or "")
    if registry == "jabar_umkm" and cid.startswith("jabar-"):
        jab = store.memo("cluster_jabar_frame", lambda: store.sql("cluster_jabar"))
        code, cat = cid.split("-", 2)[1:]
        sel = jab[
            (jab["regency_code"].astype(str) == code)
            & (jab["category"].map(lambda c: _slug(str(c))) == cat)
        ]
        if not sel.empty:
            out["trend"] = sel.groupby("year", as_index=False)["units"].sum()
    return out
