"""Interface labels in English (en) and Bahasa Indonesia (id).

Every label a page shows comes from here through ``t(key)``; a test checks that both languages
have every key.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "app.title": {"en": "gvc: export readiness and global value chains",
                  "id": "gvc: kesiapan ekspor dan rantai nilai global"},
    "app.language": {"en": "Language", "id": "Bahasa"},
    "nav.home": {"en": "Home", "id": "Beranda"},
    "home.intro": {
        "en": "Find the product lines where micro and small enterprise clusters can feed export "
              "supply chains, and the markets to target, from public trade data and "
              "input-output tables.",
        "id": "Temukan lini produk tempat klaster usaha mikro dan kecil dapat memasok rantai "
              "pasok ekspor, beserta pasar tujuannya, dari data perdagangan publik dan tabel "
              "input-output.",
    },
    "home.coverage": {"en": "Loaded data", "id": "Data yang dimuat"},
    "home.search": {"en": "Search HS products (code or words)",
                    "id": "Cari produk HS (kode atau kata)"},
    "home.revision": {"en": "HS revision", "id": "Revisi HS"},
    "home.no_match": {"en": "No product matches.", "id": "Tidak ada produk yang cocok."},
    "home.exports": {"en": "Trade data", "id": "Data perdagangan"},
    "home.io": {"en": "Input-output tables", "id": "Tabel input-output"},
    "col.name": {"en": "Dataset", "id": "Dataset"},
    "col.rows": {"en": "Rows", "id": "Baris"},
    "col.years": {"en": "Years", "id": "Tahun"},
    "col.coverage": {"en": "Coverage", "id": "Cakupan"},
    "col.source": {"en": "Source", "id": "Sumber"},
    "col.licence": {"en": "Licence", "id": "Lisensi"},
    "col.code": {"en": "Code", "id": "Kode"},
    "col.description": {"en": "Description", "id": "Uraian"},
    "col.level": {"en": "Digits", "id": "Digit"},
    "col.section": {"en": "Section", "id": "Bagian"},
    "download.csv": {"en": "Download CSV", "id": "Unduh CSV"},
}

LANGUAGES = {"en": "English", "id": "Bahasa Indonesia"}


def label(key: str, lang: str) -> str:
    """Return the label for ``key`` in ``lang`` (falls back to English, then the key)."""
    entry = LABELS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("en") or key
