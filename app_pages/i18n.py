"""Interface labels in English (en) and Bahasa Indonesia (id).

Every label a page shows comes from here through ``t(key)``; a test checks that both languages
have every key and that every key a page uses exists.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    # -- app and navigation
    "app.title": {
        "en": "gvc: export readiness and global value chains",
        "id": "gvc: kesiapan ekspor dan rantai nilai global",
    },
    "app.language": {"en": "Language", "id": "Bahasa"},
    "nav.home": {"en": "Home", "id": "Beranda"},
    "nav.overview": {"en": "Country overview", "id": "Profil negara"},
    "nav.sectors": {"en": "Sector explorer", "id": "Penjelajah sektor"},
    "nav.paths": {"en": "Linkage paths", "id": "Jalur keterkaitan"},
    "nav.markets": {"en": "Market targets", "id": "Target pasar"},
    "nav.clusters": {"en": "Clusters and opportunities", "id": "Klaster dan peluang"},
    "nav.self_assessment": {"en": "Readiness self-assessment", "id": "Penilaian mandiri kesiapan"},
    # -- shared
    "common.country": {"en": "Country", "id": "Negara"},
    "common.year": {"en": "Year (trade data)", "id": "Tahun (data perdagangan)"},
    "common.year_io": {"en": "Year (input-output table)", "id": "Tahun (tabel input-output)"},
    "common.level": {"en": "Product detail", "id": "Rincian produk"},
    "common.digits": {"en": "HS {n} digits", "id": "HS {n} digit"},
    "common.computing": {"en": "Computing...", "id": "Menghitung..."},
    "chart.data": {
        "en": "Chart data (table and download)",
        "id": "Data grafik (tabel dan unduhan)",
    },
    "download.csv": {"en": "Download CSV", "id": "Unduh CSV"},
    "download.xlsx": {"en": "Download Excel", "id": "Unduh Excel"},
    # -- home
    "home.intro": {
        "en": "Find the product lines where micro and small enterprise clusters can feed export "
        "supply chains, and the markets to target, from public trade data and "
        "input-output tables.",
        "id": "Temukan lini produk tempat klaster usaha mikro dan kecil dapat memasok rantai "
        "pasok ekspor, beserta pasar tujuannya, dari data perdagangan publik dan tabel "
        "input-output.",
    },
    "home.coverage": {"en": "Loaded data", "id": "Data yang dimuat"},
    "home.search": {
        "en": "Search HS products (code or words)",
        "id": "Cari produk HS (kode atau kata)",
    },
    "home.revision": {"en": "HS revision", "id": "Revisi HS"},
    "home.no_match": {"en": "No product matches.", "id": "Tidak ada produk yang cocok."},
    "home.exports": {"en": "Trade data", "id": "Data perdagangan"},
    "home.io": {"en": "Input-output tables", "id": "Tabel input-output"},
    "home.pages": {"en": "Pages", "id": "Halaman"},
    "home.pages_text": {
        "en": "**Country overview**: exports, complexity and GVC participation. "
        "**Sector explorer**: an HS section, chapter or IO sector and the product space. "
        "**Linkage paths**: supply chains from a sector to a market. "
        "**Market targets**: markets ranked by untapped potential. "
        "**Clusters and opportunities**: cluster profiles and ranked opportunities. "
        "**Readiness self-assessment**: the questionnaire and its score.",
        "id": "**Profil negara**: ekspor, kompleksitas, dan partisipasi GVC. "
        "**Penjelajah sektor**: bagian atau bab HS atau sektor IO, dan ruang produk. "
        "**Jalur keterkaitan**: rantai pasok dari satu sektor ke satu pasar. "
        "**Target pasar**: pasar diurutkan menurut potensi yang belum tergarap. "
        "**Klaster dan peluang**: profil klaster dan peluang yang diperingkat. "
        "**Penilaian mandiri kesiapan**: kuesioner dan skornya.",
    },
    # -- overview
    "overview.title": {"en": "Country overview", "id": "Profil negara"},
    "overview.intro": {
        "en": "Exports, top products and markets, economic complexity and participation in "
        "global value chains of one country.",
        "id": "Ekspor, produk dan pasar utama, kompleksitas ekonomi, dan partisipasi dalam "
        "rantai nilai global suatu negara.",
    },
    "overview.exports": {"en": "Exports {year}", "id": "Ekspor {year}"},
    "overview.eci": {"en": "Economic complexity (ECI)", "id": "Kompleksitas ekonomi (ECI)"},
    "overview.eci_help": {
        "en": "Economic Complexity Index (Hidalgo and Hausmann 2009), standardised over the "
        "countries in the data.",
        "id": "Indeks Kompleksitas Ekonomi (Hidalgo dan Hausmann 2009), dibakukan atas "
        "negara-negara dalam data.",
    },
    "overview.eci_rank": {"en": "ECI rank", "id": "Peringkat ECI"},
    "overview.diversity": {"en": "Products with RCA >= 1", "id": "Produk dengan RCA >= 1"},
    "overview.diversity_help": {
        "en": "Diversity: the number of products exported with revealed comparative advantage.",
        "id": "Diversitas: jumlah produk yang diekspor dengan keunggulan komparatif nyata.",
    },
    "overview.top_products": {"en": "Top export products", "id": "Produk ekspor utama"},
    "overview.top_markets": {"en": "Top export markets", "id": "Pasar ekspor utama"},
    "overview.markets_source": {
        "en": "Gross exports by destination, {table} {year}, million USD.",
        "id": "Ekspor bruto menurut tujuan, {table} {year}, juta USD.",
    },
    "overview.musd": {"en": "Million USD", "id": "Juta USD"},
    "overview.use": {"en": "Use", "id": "Penggunaan"},
    "overview.not_in_io": {
        "en": "{country} is not a separate region of the input-output table {table}.",
        "id": "{country} bukan wilayah tersendiri dalam tabel input-output {table}.",
    },
    "overview.gvc": {
        "en": "Participation in global value chains",
        "id": "Partisipasi dalam rantai nilai global",
    },
    "overview.backward": {"en": "Backward participation", "id": "Partisipasi ke belakang"},
    "overview.backward_help": {
        "en": "Foreign value added in the country's gross exports, as a share of them.",
        "id": "Nilai tambah asing dalam ekspor bruto negara, sebagai pangsa ekspor tersebut.",
    },
    "overview.forward": {"en": "Forward participation", "id": "Partisipasi ke depan"},
    "overview.forward_help": {
        "en": "Domestic value added in other countries' exports, as a share of the country's "
        "gross exports.",
        "id": "Nilai tambah domestik dalam ekspor negara lain, sebagai pangsa ekspor bruto "
        "negara ini.",
    },
    "overview.participation": {"en": "GVC participation", "id": "Partisipasi GVC"},
    "overview.dva": {
        "en": "Domestic value added in exports",
        "id": "Nilai tambah domestik dalam ekspor",
    },
    "overview.dva_help": {
        "en": "DVA (Koopman, Wang and Wei 2014).",
        "id": "DVA (Koopman, Wang dan Wei 2014).",
    },
    "overview.gvc_source": {
        "en": "Computed from the Leontief model of {table} {year}.",
        "id": "Dihitung dari model Leontief {table} {year}.",
    },
    "overview.coverage": {"en": "Data coverage", "id": "Cakupan data"},
    "overview.flows": {"en": "Bilateral flows", "id": "Arus bilateral"},
    "overview.hs": {"en": "HS codes", "id": "Kode HS"},
    # -- sector explorer
    "sectors.title": {"en": "Sector explorer", "id": "Penjelajah sektor"},
    "sectors.intro": {
        "en": "Pick an HS section or chapter, or an input-output sector: comparative advantage, "
        "world demand, growth, complexity and the product space.",
        "id": "Pilih bagian atau bab HS, atau sektor input-output: keunggulan komparatif, "
        "permintaan dunia, pertumbuhan, kompleksitas, dan ruang produk.",
    },
    "sectors.kind": {"en": "Explore by", "id": "Jelajahi menurut"},
    "sectors.kind_section": {"en": "HS section", "id": "Bagian HS"},
    "sectors.kind_chapter": {"en": "HS chapter", "id": "Bab HS"},
    "sectors.kind_io": {"en": "IO sector", "id": "Sektor IO"},
    "sectors.section": {"en": "HS section", "id": "Bagian HS"},
    "sectors.chapter": {"en": "HS chapter", "id": "Bab HS"},
    "sectors.io_table": {"en": "Input-output table", "id": "Tabel input-output"},
    "sectors.io_sector": {"en": "IO sector", "id": "Sektor IO"},
    "sectors.group_exports": {"en": "Exports of the group", "id": "Ekspor kelompok"},
    "sectors.world_demand": {"en": "World trade of the group", "id": "Perdagangan dunia kelompok"},
    "sectors.world_demand_help": {
        "en": "World exports of these products in {year} (sum over all exporters).",
        "id": "Ekspor dunia produk-produk ini pada {year} (jumlah seluruh eksportir).",
    },
    "sectors.with_rca": {"en": "Products with RCA >= 1", "id": "Produk dengan RCA >= 1"},
    "sectors.mean_pci": {
        "en": "Mean product complexity (PCI)",
        "id": "Rata-rata kompleksitas produk (PCI)",
    },
    "sectors.products": {"en": "Products in {group}", "id": "Produk dalam {group}"},
    "sectors.growth": {"en": "Export growth by chapter", "id": "Pertumbuhan ekspor per bab"},
    "sectors.growth_note": {
        "en": "Compound annual growth of the country's exports, {start}-{end} (HS 2 digits).",
        "id": "Pertumbuhan tahunan majemuk ekspor negara, {start}-{end} (HS 2 digit).",
    },
    "sectors.product_space": {"en": "Product space", "id": "Ruang produk"},
    "sectors.product_space_note": {
        "en": "Products linked by proximity (maximum spanning tree plus links >= 0.55). Coloured: "
        "products {country} exports with RCA >= 1; large outlined: the chosen group.",
        "id": "Produk yang terhubung menurut kedekatan (pohon rentang maksimum ditambah tautan "
        ">= 0,55). Berwarna: produk yang diekspor {country} dengan RCA >= 1; besar "
        "bergaris: kelompok yang dipilih.",
    },
    "sectors.linkages": {
        "en": "Domestic linkages of {country}'s sectors, {year}",
        "id": "Keterkaitan domestik sektor-sektor {country}, {year}",
    },
    "sectors.sector_markets": {"en": "Export markets of {sector}", "id": "Pasar ekspor {sector}"},
    "sectors.bl_help": {
        "en": "Rasmussen-Hirschman backward linkage (domestic Leontief inverse); above 1: "
        "stronger pull on suppliers than the average sector.",
        "id": "Keterkaitan ke belakang Rasmussen-Hirschman (invers Leontief domestik); di atas "
        "1: tarikan pada pemasok lebih kuat dari rata-rata sektor.",
    },
    "sectors.fl_help": {
        "en": "Forward linkage (Ghosh); above 1: output used more widely than average.",
        "id": "Keterkaitan ke depan (Ghosh); di atas 1: keluaran dipakai lebih luas dari "
        "rata-rata.",
    },
    "sectors.up_help": {
        "en": "Antras-Chor upstreamness: average number of stages to final use.",
        "id": "Upstreamness Antras-Chor: rata-rata jumlah tahap sampai penggunaan akhir.",
    },
    "linkage.key": {"en": "Key sector", "id": "Sektor kunci"},
    "linkage.backward": {"en": "Backward-oriented", "id": "Berorientasi ke belakang"},
    "linkage.forward": {"en": "Forward-oriented", "id": "Berorientasi ke depan"},
    "linkage.weak": {"en": "Weak linkages", "id": "Keterkaitan lemah"},
    # -- linkage paths
    "paths.title": {"en": "Linkage paths", "id": "Jalur keterkaitan"},
    "paths.intro": {
        "en": "The largest structural paths that carry a supplier sector's value added through "
        "processing sectors to a market (structural path analysis of the Leontief model).",
        "id": "Jalur struktural terbesar yang membawa nilai tambah sektor pemasok melalui "
        "sektor pengolah ke suatu pasar (analisis jalur struktural model Leontief).",
    },
    "paths.start_region": {"en": "Supplier country", "id": "Negara pemasok"},
    "paths.start_sector": {"en": "Supplier sector", "id": "Sektor pemasok"},
    "paths.sink": {"en": "Paths end in", "id": "Jalur berakhir pada"},
    "paths.sink_final_demand": {
        "en": "Final demand of a market",
        "id": "Permintaan akhir suatu pasar",
    },
    "paths.sink_exports": {"en": "Gross exports of a country", "id": "Ekspor bruto suatu negara"},
    "paths.target": {"en": "Market", "id": "Pasar"},
    "paths.top": {"en": "Paths shown", "id": "Jumlah jalur"},
    "paths.depth": {"en": "Max. steps", "id": "Langkah maks."},
    "paths.computing": {"en": "Enumerating paths...", "id": "Menelusuri jalur..."},
    "paths.sink_label_fd": {"en": "Final demand {target}", "id": "Permintaan akhir {target}"},
    "paths.sink_label_ex": {"en": "Exports of {target}", "id": "Ekspor {target}"},
    "paths.total": {
        "en": "Value added reaching the market",
        "id": "Nilai tambah yang mencapai pasar",
    },
    "paths.total_help": {
        "en": "Value added of the supplier sector embodied in: {sink} (all paths).",
        "id": "Nilai tambah sektor pemasok yang terkandung dalam: {sink} (semua jalur).",
    },
    "paths.shown": {"en": "Paths listed", "id": "Jalur yang ditampilkan"},
    "paths.covered": {
        "en": "Share covered by the listed paths",
        "id": "Pangsa yang dicakup jalur yang ditampilkan",
    },
    "paths.covered_help": {
        "en": "Sum of the listed paths' values over the total.",
        "id": "Jumlah nilai jalur yang ditampilkan dibagi total.",
    },
    "paths.longest": {"en": "Longest path (steps)", "id": "Jalur terpanjang (langkah)"},
    "paths.none": {
        "en": "No path reaches this market above the cutoff.",
        "id": "Tidak ada jalur yang mencapai pasar ini di atas batas.",
    },
    "paths.graph": {"en": "Path graph", "id": "Graf jalur"},
    "paths.graph_note": {
        "en": "From the supplier (orange) through processing sectors (blue: same country; "
        "grey: abroad) to the market (green). Edge labels: value of the listed paths "
        "using the link, million USD.",
        "id": "Dari pemasok (oranye) melalui sektor pengolah (biru: negara yang sama; abu-abu: "
        "luar negeri) ke pasar (hijau). Label panah: nilai jalur yang memakai tautan "
        "tersebut, juta USD.",
    },
    "paths.download_dot": {"en": "Download graph (DOT)", "id": "Unduh graf (DOT)"},
    "paths.table": {"en": "Paths", "id": "Daftar jalur"},
    "paths.units": {
        "en": "Values in million USD of value added.",
        "id": "Nilai dalam juta USD nilai tambah.",
    },
    "paths.incomplete": {
        "en": "The search stopped at its expansion limit: the list may miss small paths.",
        "id": "Penelusuran berhenti pada batas ekspansi: daftar mungkin melewatkan jalur kecil.",
    },
    # -- column labels
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
    "col.product": {"en": "Product", "id": "Produk"},
    "col.export_value": {"en": "Exports (USD)", "id": "Ekspor (USD)"},
    "col.world_trade": {"en": "World trade (USD)", "id": "Perdagangan dunia (USD)"},
    "col.market_share": {"en": "World market share", "id": "Pangsa pasar dunia"},
    "col.rca": {"en": "RCA", "id": "RCA"},
    "col.mcp": {"en": "RCA >= 1", "id": "RCA >= 1"},
    "col.pci": {"en": "PCI", "id": "PCI"},
    "col.density": {"en": "Density", "id": "Densitas"},
    "col.distance": {"en": "Distance", "id": "Jarak"},
    "col.cog": {"en": "Opportunity gain (COG)", "id": "Keuntungan peluang (COG)"},
    "col.in_group": {"en": "In chosen group", "id": "Dalam kelompok terpilih"},
    "col.exported": {"en": "Exported with RCA >= 1", "id": "Diekspor dengan RCA >= 1"},
    "col.destination": {"en": "Destination", "id": "Tujuan"},
    "col.intermediate": {"en": "Intermediate", "id": "Antara"},
    "col.final": {"en": "Final", "id": "Akhir"},
    "col.total": {"en": "Total", "id": "Total"},
    "col.region": {"en": "Region", "id": "Wilayah"},
    "col.sector": {"en": "Sector", "id": "Sektor"},
    "col.sector_name": {"en": "Sector name", "id": "Nama sektor"},
    "col.backward": {"en": "Backward linkage", "id": "Keterkaitan ke belakang"},
    "col.forward": {"en": "Forward linkage", "id": "Keterkaitan ke depan"},
    "col.type": {"en": "Type", "id": "Jenis"},
    "col.backward_domestic": {
        "en": "Backward linkage (domestic)",
        "id": "Keterkaitan ke belakang (domestik)",
    },
    "col.forward_domestic": {
        "en": "Forward linkage (domestic)",
        "id": "Keterkaitan ke depan (domestik)",
    },
    "col.type_domestic": {"en": "Type (domestic)", "id": "Jenis (domestik)"},
    "col.upstreamness": {"en": "Upstreamness", "id": "Upstreamness"},
    "col.downstreamness": {"en": "Downstreamness", "id": "Downstreamness"},
    "col.gross_exports": {"en": "Gross exports", "id": "Ekspor bruto"},
    "col.dva": {"en": "Domestic value added", "id": "Nilai tambah domestik"},
    "col.fva": {"en": "Foreign value added", "id": "Nilai tambah asing"},
    "col.dvx": {"en": "DVA in others' exports", "id": "DVA dalam ekspor negara lain"},
    "col.dva_share": {"en": "DVA share", "id": "Pangsa DVA"},
    "col.participation": {"en": "GVC participation", "id": "Partisipasi GVC"},
    "col.cagr": {"en": "Annual growth", "id": "Pertumbuhan tahunan"},
    "col.export_value_start": {"en": "Exports, first year", "id": "Ekspor, tahun awal"},
    "col.export_value_end": {"en": "Exports, last year", "id": "Ekspor, tahun akhir"},
    "col.market_share_start": {"en": "Market share, first year", "id": "Pangsa pasar, tahun awal"},
    "col.market_share_end": {"en": "Market share, last year", "id": "Pangsa pasar, tahun akhir"},
    "col.market_share_change": {"en": "Market share change", "id": "Perubahan pangsa pasar"},
    "col.rca_start": {"en": "RCA, first year", "id": "RCA, tahun awal"},
    "col.rca_end": {"en": "RCA, last year", "id": "RCA, tahun akhir"},
    "col.rca_change": {"en": "RCA change", "id": "Perubahan RCA"},
    "col.rank": {"en": "Rank", "id": "Peringkat"},
    "col.value": {"en": "Value", "id": "Nilai"},
    "col.share": {"en": "Share", "id": "Pangsa"},
    "col.cumulative_share": {"en": "Cumulative share", "id": "Pangsa kumulatif"},
    "col.depth": {"en": "Steps", "id": "Langkah"},
    "col.start": {"en": "Start", "id": "Awal"},
    "col.end": {"en": "End", "id": "Akhir"},
    "col.path": {"en": "Path", "id": "Jalur"},
    "col.target": {"en": "To", "id": "Ke"},
    "col.hs_revision": {"en": "HS revision", "id": "Revisi HS"},
    "col.first_year": {"en": "First year", "id": "Tahun pertama"},
    "col.last_year": {"en": "Last year", "id": "Tahun terakhir"},
    "col.exporters": {"en": "Exporters", "id": "Eksportir"},
    "col.importers": {"en": "Importers", "id": "Importir"},
    "col.products": {"en": "Products", "id": "Produk"},
    "col.total_usd": {"en": "Total (USD)", "id": "Total (USD)"},
    "col.io_table": {"en": "IO table", "id": "Tabel IO"},
    "col.regions": {"en": "Regions", "id": "Wilayah"},
    "col.sectors": {"en": "Sectors", "id": "Sektor"},
    "col.unit": {"en": "Unit", "id": "Satuan"},
    "col.codes": {"en": "Codes", "id": "Kode"},
}

LANGUAGES = {"en": "English", "id": "Bahasa Indonesia"}


def label(key: str, lang: str) -> str:
    """Return the label for ``key`` in ``lang`` (falls back to English, then the key)."""
    entry = LABELS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("en") or key
