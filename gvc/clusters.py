"""Cluster output helpers: bilingual column labels, the column sheet, saved-registry files.

The cluster analyses themselves are :class:`gvc.services.clusters.ClusterService` and
:class:`gvc.services.clusters.Cluster`; ``con.clusters()``, ``con.cluster(id)`` and
``con.load_clusters(...)`` reach them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gvc import config

#: Output column -> (English label, Indonesian label, description, source)
COLUMN_LABELS: dict[str, tuple[str, str, str, str]] = {
    "rank": ("Rank", "Peringkat", "Order by combined score", "gvc"),
    "hs4": ("HS code", "Kode HS", "HS 1992 heading (4 digits)", "WCO HS 1992"),
    "product": (
        "Product",
        "Produk",
        "Heading description",
        "WCO HS 1992 (English); BTKI 2022 (Indonesian)",
    ),
    "roles": ("Role", "Peran", "made / activity / adjacent / supplier", "gvc"),
    "score": ("Score (0-100)", "Skor (0-100)", "Weighted mean of the four components", "gvc"),
    "feasibility": (
        "Feasibility",
        "Kelayakan",
        "0.6 x proximity to the cluster's products + 0.4 x percentile of Indonesia's density",
        "Atlas HS92 2016",
    ),
    "attractiveness": (
        "Attractiveness",
        "Daya tarik",
        "Weighted percentiles of world trade, chapter growth, PCI, COG, untapped potential",
        "Atlas 2016; BACI HS92",
    ),
    "linkage": (
        "Linkage",
        "Keterkaitan",
        "Percentile of the sector's link to Indonesia's export demand",
        "WIOD 2013",
    ),
    "readiness": (
        "Readiness",
        "Kesiapan",
        "1 - readiness gap (blank if certifications are unknown)",
        "market_requirements",
    ),
    "readiness_gap": (
        "Readiness gap",
        "Kesenjangan kesiapan",
        "Share of certifiable market requirements not met",
        "market_requirements",
    ),
    "cluster_proximity": (
        "Proximity to cluster",
        "Kedekatan dengan klaster",
        "Max proximity to a product the cluster makes",
        "Atlas HS92 2016",
    ),
    "nearest_product": (
        "Nearest cluster product",
        "Produk klaster terdekat",
        "HS code",
        "Atlas HS92 2016",
    ),
    "density": (
        "Density (IDN)",
        "Kepadatan (IDN)",
        "Indonesia's product-space density",
        "Atlas HS92 2016",
    ),
    "idn_exports_usd": (
        "Indonesia exports (USD)",
        "Ekspor Indonesia (USD)",
        "2016",
        "Atlas HS92 2016",
    ),
    "idn_rca": ("RCA (IDN)", "RCA (IDN)", "Balassa RCA of Indonesia", "Atlas HS92 2016"),
    "world_trade_usd": ("World trade (USD)", "Perdagangan dunia (USD)", "2016", "Atlas HS92 2016"),
    "chapter_growth_pct": (
        "Chapter growth (%/yr)",
        "Pertumbuhan bab (%/th)",
        "World exports of the HS chapter, CAGR",
        "BACI HS92",
    ),
    "pci": ("PCI", "PCI", "Product complexity index", "Atlas HS92 2016"),
    "cog": ("COG", "COG", "Complexity outlook gain for Indonesia", "Atlas HS92 2016"),
    "untapped_usd": (
        "Untapped potential (USD)",
        "Potensi belum tergarap (USD)",
        "See untapped_basis",
        "Atlas 2016 / ITC method",
    ),
    "untapped_basis": (
        "Untapped basis",
        "Dasar potensi",
        "proxy = at Indonesia's average world share",
        "gvc",
    ),
    "io_sector": ("IO sector", "Sektor IO", "WIOD 2013 sector", "WIOD 2013"),
    "io_sector_name": ("IO sector name", "Nama sektor IO", "", "WIOD 2013"),
    "sector_output_for_exports_musd": (
        "Sector output for exports (USD m)",
        "Output sektor untuk ekspor (juta USD)",
        "(L e) of the Indonesian sector",
        "WIOD 2013",
    ),
    "sector_imported_inputs_musd": (
        "Imported inputs of the sector (USD m)",
        "Input impor sektor (juta USD)",
        "Inputs of the sector that Indonesia's export production imports",
        "WIOD 2013",
    ),
    "sector_va_in_exports_musd": (
        "Sector value added in exports (USD m)",
        "Nilai tambah sektor dalam ekspor (juta USD)",
        "v (L e): value of all paths from the sector to Indonesia's export demand",
        "WIOD 2013",
    ),
    "main_path": (
        "Main linkage path",
        "Jalur keterkaitan utama",
        "Strongest structural path from the cluster's sector through another sector to exports",
        "WIOD 2013 (structural path analysis)",
    ),
    "top_markets": ("Top markets", "Pasar utama", "ISO3 codes", "BPS 2025 / WIOD 2013"),
    "market_basis": ("Market basis", "Dasar pasar", "", "gvc"),
    "target_markets": (
        "Target markets",
        "Pasar sasaran",
        "Largest untapped potential of the IO sector (ITC method)",
        "WIOD 2013; IMF WEO; WTO; CEPII",
    ),
    "sector_untapped_musd": (
        "Sector untapped potential (USD m)",
        "Potensi belum tergarap sektor (juta USD)",
        "Sum over markets",
        "WIOD 2013 (ITC method)",
    ),
    "requirements": (
        "Market requirements",
        "Persyaratan pasar",
        "Rows of the requirements table that apply",
        "market_requirements",
    ),
    "requirements_unmet": (
        "Certifications missing",
        "Sertifikasi belum dimiliki",
        "",
        "market_requirements",
    ),
    "next_steps": (
        "Next steps per market",
        "Langkah per pasar (EN)",
        (
            "For two current markets and one target market: certificates to get or held, rules "
            "to follow (requirements table rows), and for suppliers the Indonesian buyer "
            "industries"
        ),
        "market_requirements; WIOD 2013",
    ),
    "next_steps_id": (
        "Next steps per market (Indonesian)",
        "Langkah per pasar",
        (
            "Untuk dua pasar saat ini dan satu pasar sasaran: sertifikat yang perlu atau sudah "
            "dimiliki, aturan yang harus diikuti, dan industri pembeli di Indonesia (pemasok)"
        ),
        "market_requirements; WIOD 2013",
    ),
    "why": ("Why", "Alasan (EN)", "Plain-language explanation", "gvc"),
    "why_id": ("Why (Indonesian)", "Alasan", "Penjelasan dalam bahasa Indonesia", "gvc"),
}


def labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rename opportunity columns to English or Indonesian labels (``why`` in that language)."""
    out = table.copy()
    if lang == "id":
        out = out.drop(columns=["why", "next_steps"], errors="ignore")
        if "product_id" in out:
            out["product"] = out.pop("product_id")
    else:
        out = out.drop(columns=["why_id", "next_steps_id", "product_id"], errors="ignore")
    i = 0 if lang == "en" else 1
    return out.rename(columns={c: v[i] for c, v in COLUMN_LABELS.items()})


def column_sheet(lang: str) -> pd.DataFrame:
    """Describe the opportunity columns: label, field, description, source."""
    i = 0 if lang == "en" else 1
    return pd.DataFrame(
        [
            {"label": v[i], "field": k, "description": v[2], "source": v[3]}
            for k, v in COLUMN_LABELS.items()
            if k != "product_id"  # it fills the product column in Indonesian
            and not (k in ("why", "next_steps") and lang == "id")
            and not (k in ("why_id", "next_steps_id") and lang == "en")
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
