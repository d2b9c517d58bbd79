"""The shipped example registries built from the embedded BPS and Open Data Jabar tables."""

from __future__ import annotations

import re

import pandas as pd

from gvc import i18n
from gvc.errors import InvalidInputError
from gvc.registry.schema import (
    FIELDS,
    OPTIONAL,
    _is_missing,
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def imk_registry(imk: pd.DataFrame, support: pd.DataFrame) -> pd.DataFrame:
    """Build one cluster per province from BPS IMK 2025 (micro and small manufacturing).

    Parameters
    ----------
    imk : DataFrame
        Table ``msme_imk_province`` (island, province, size_class, firms, workers, ...,
        output_m_idr, value_added_m_idr; million IDR).
    support : DataFrame
        Table ``msme_imk_province_support`` (internet_no/yes, firms_with_loans,
        partnership_no/yes; firm counts).

    Returns
    -------
    DataFrame
        Registry rows (columns of :data:`FIELDS`); ``size_basis`` = workers (BPS bands: micro
        1-4, small 5-19 persons engaged). Shares: internet and partnership over the firms that
        answered (yes + no), loans over all firms. Fields BPS does not publish here (sales,
        capital, HS products, certifications, export share) stay null.
    """
    wide = imk.pivot_table(
        index=["island", "province"],
        columns="size_class",
        values=["firms", "workers", "output_m_idr", "value_added_m_idr"],
        aggfunc="sum",
    )
    rows = []
    sup = support.set_index("province")
    for (_island, prov), r in wide.iterrows():
        s = sup.loc[prov]
        internet = s["internet_yes"] + s["internet_no"]
        partner = s["partnership_yes"] + s["partnership_no"]
        rows.append(
            {
                "cluster_id": f"imk2025-{_slug(prov)}",
                "name": f"Micro and small manufacturing, {prov.title()} (BPS IMK 2025)",
                "name_id": f"Industri mikro dan kecil, {prov.title()} (BPS IMK 2025)",
                "province": prov,
                "regency": None,
                "kbli": ";".join(str(d) for d in range(10, 34)),
                "hs_products": None,
                "size_basis": "workers",
                "firms_micro": float(r[("firms", "micro")]),
                "firms_small": float(r[("firms", "small")]),
                "firms_medium": None,
                "firms_large": None,
                "firms_total": float(r[("firms", "total")]),
                "workers": float(r[("workers", "total")]),
                "workers_micro": float(r[("workers", "micro")]),
                "workers_small": float(r[("workers", "small")]),
                "workers_medium": None,
                "annual_sales_idr": None,
                "capital_idr": None,
                "output_idr": float(r[("output_m_idr", "total")]) * 1e6,
                "value_added_idr": float(r[("value_added_m_idr", "total")]) * 1e6,
                "export_share": None,
                "share_exporting": None,
                "certifications": None,
                "share_certified": None,
                "share_credit": float(s["firms_with_loans"]) / float(r[("firms", "total")]),
                "share_partnership": float(s["partnership_yes"]) / partner if partner else None,
                "share_internet": float(s["internet_yes"]) / internet if internet else None,
                "share_innovation": None,
                "year": 2025.0,
                "source": "BPS, Profil Industri Mikro dan Kecil 2025",
                "notes": i18n.text("reg.note.imk", "en"),
                "notes_id": i18n.text("reg.note.imk", "id"),
            }
        )
    return _finish(pd.DataFrame(rows))


def jabar_registry(
    jabar: pd.DataFrame, mapping: pd.DataFrame, year: int | None = None
) -> pd.DataFrame:
    """Build one cluster per West Java regency and UMKM category (Open Data Jabar).

    Parameters
    ----------
    jabar : DataFrame
        Table ``jabar_umkm`` (year, province_code, regency_code, regency, category, units).
    mapping : DataFrame
        ``data/concordances/jabar_umkm_category_to_kbli_hs.csv`` (category -> KBLI/ISIC4 and
        HS92 4-digit codes, compiled for gvc).
    year : int, optional
        The year to use (default: the latest).

    Returns
    -------
    DataFrame
        Registry rows; ``firms_total`` = the projected number of UMKM units (all size classes,
        micro to medium, not split by class in the source). Categories without a mapping row
        (JASA/LAINNYA, services and other) are left out. Every other field is unknown.
    """
    y = int(jabar["year"].max()) if year is None else int(year)
    sub = jabar[jabar["year"] == y]
    if sub.empty:
        raise InvalidInputError(f"'year': {y} not in the West Java UMKM table")
    m = mapping.set_index("category")
    rows = []
    for rec in sub.sort_values(["regency_code", "category"]).to_dict("records"):
        cat = rec["category"]
        if cat not in m.index:
            continue
        mp = m.loc[cat]
        hs = mp["hs92_4"] if isinstance(mp["hs92_4"], str) and mp["hs92_4"] else None
        keys = ["reg.note.jabar"]
        if cat in ("AKSESORIS", "BATIK"):
            keys.append("reg.note.jabar_same")
        if hs is None:
            keys.append("reg.note.jabar_food")
        note, note_id = ("".join(i18n.text(k, lang) for k in keys) for lang in ("en", "id"))
        rows.append(
            {
                "cluster_id": f"jabar-{rec['regency_code']}-{_slug(cat)}",
                "name": f"{mp['label_en']}, {str(rec['regency']).title()}",
                "name_id": f"{mp['label_id']}, {str(rec['regency']).title()}",
                "province": "JAWA BARAT",
                "regency": rec["regency"],
                "kbli": mp["kbli_isic4"],
                "hs_products": hs,
                "firms_total": float(rec["units"]),
                "year": float(y),
                "source": "Open Data Jabar, Dinas Koperasi dan Usaha Kecil Jawa Barat: "
                "Proyeksi jumlah UMKM berdasarkan kabupaten/kota dan kategori usaha",
                "notes": note,
                "notes_id": note_id,
            }
        )
    return _finish(pd.DataFrame(rows))


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a built registry every column, numeric dtypes and ``unknown_fields``."""
    for f in FIELDS:
        if f.name not in frame.columns:
            frame[f.name] = None
        if f.kind in ("count", "idr", "share", "year"):
            frame[f.name] = pd.to_numeric(frame[f.name], errors="coerce").astype("float64")
    frame = frame[[f.name for f in FIELDS]].copy()
    frame["unknown_fields"] = [
        ";".join(n for n in OPTIONAL if _is_missing(rec[n])) for rec in frame.to_dict("records")
    ]
    frame["derived_fields"] = ""
    return frame
