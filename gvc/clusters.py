"""Cluster output helpers: column labels in both languages, the column sheet, saved-registry files.

The cluster analyses themselves are :class:`gvc.services.clusters.ClusterService` and
:class:`gvc.services.clusters.Cluster`; ``con.clusters()``, ``con.cluster(id)`` and
``con.load_clusters(...)`` reach them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc import config, i18n

#: Output columns and their sources (labels and descriptions are the catalog's messages
#: ``opp.col.<column>`` and ``opp.desc.<column>``, gvc/locale; see gvc.i18n).
COLUMN_SOURCES: dict[str, str] = {
    "rank": "gvc",
    "hs4": "WCO HS 1992",
    "product": "WCO HS 1992; BTKI 2022",
    "roles": "gvc",
    "score": "gvc",
    "feasibility": "Atlas HS92 2016",
    "attractiveness": "Atlas 2016; BACI HS92",
    "linkage": "WIOD 2013",
    "readiness": "market_requirements",
    "readiness_gap": "market_requirements",
    "cluster_relatedness": "Atlas HS92 2016; WIOD 2013; WCO HS 1992; ISIC Rev.4",
    "relatedness_components": "gvc",
    "cluster_proximity": "Atlas HS92 2016",
    "nearest_product": "Atlas HS92 2016",
    "density": "Atlas HS92 2016",
    "idn_exports_usd": "Atlas HS92 2016",
    "idn_rca": "Atlas HS92 2016",
    "world_trade_usd": "Atlas HS92 2016",
    "chapter_growth_pct": "BACI HS92",
    "pci": "Atlas HS92 2016",
    "cog": "Atlas HS92 2016",
    "untapped_usd": "Atlas 2016; ITC",
    "untapped_basis": "gvc",
    "io_sector": "WIOD 2013",
    "io_sector_name": "WIOD 2013",
    "sector_output_for_exports_musd": "WIOD 2013",
    "sector_imported_inputs_musd": "WIOD 2013",
    "sector_va_in_exports_musd": "WIOD 2013",
    "main_path": "WIOD 2013",
    "top_markets": "BPS 2025; WIOD 2013",
    "market_basis": "gvc",
    "target_markets": "WIOD 2013; IMF WEO; WTO; CEPII",
    "sector_untapped_musd": "WIOD 2013; ITC",
    "requirements": "market_requirements",
    "requirements_unmet": "market_requirements",
    "next_steps": "market_requirements; WIOD 2013",
    "why": "gvc",
}


def column_label(column: str, lang: str) -> str:
    """Return the label of an opportunity column in ``lang``."""
    return i18n.text(f"opp.col.{column}", lang)


def labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rename opportunity columns to English or Indonesian labels (``why`` in that language)."""
    out = table.copy()
    # a column and its Indonesian twin (product/product_id, why/why_id, ...): one of the two
    twins = [c for c in out.columns if f"{c}_id" in out.columns]
    for c in twins:
        if lang == "id":
            out[c] = out.pop(f"{c}_id")
        else:
            out = out.drop(columns=f"{c}_id")
    if "roles" in out:  # "made+adjacent" -> "dibuat + berdekatan" (the legend's words)
        out["roles"] = [
            " + ".join(i18n.text(f"role.{x}", lang) for x in str(r).split("+") if x)
            for r in out["roles"]
        ]
    return out.rename(columns={c: column_label(c, lang) for c in COLUMN_SOURCES})


def column_sheet(lang: str) -> pd.DataFrame:
    """Describe the opportunity columns: label, field, description, source (titles in ``lang``)."""
    return pd.DataFrame(
        [
            {
                i18n.text("sheet.label", lang): column_label(k, lang),
                i18n.text("sheet.field", lang): k,
                i18n.text("sheet.description", lang): i18n.text(f"opp.desc.{k}", lang),
                i18n.text("sheet.source", lang): source,
            }
            for k, source in COLUMN_SOURCES.items()
            # an Indonesian twin (why_id) fills its column (why) in Indonesian
            if not (k.endswith("_id") and k[:-3] in COLUMN_SOURCES)
        ]
    )


def registry_dir() -> Path:
    """Return the folder where imported cluster registries are saved (created on demand)."""
    path = config.home_dir() / "clusters"
    path.mkdir(parents=True, exist_ok=True)
    return path


def atomic_csv(frame: pd.DataFrame, path: Path) -> None:
    """Save a registry table as a CSV gvc reads back, atomically.

    Through :func:`gvc.export.save_csv`: every text field is quoted, so a CR inside a cell cannot
    split a row of the saved file.
    """
    from gvc.export import save_csv

    save_csv(frame, path)
