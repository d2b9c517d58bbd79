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
        "en": "Search HS products (code, or words in English or Indonesian)",
        "id": "Cari produk HS (kode, atau kata dalam bahasa Indonesia atau Inggris)",
    },
    "home.revision": {"en": "HS revision", "id": "Revisi HS"},
    "home.no_match": {"en": "No product matches.", "id": "Tidak ada produk yang cocok."},
    "home.open_markets": {"en": "Market targets", "id": "Target pasar"},
    "home.open_sectors": {"en": "Sector explorer", "id": "Penjelajah sektor"},
    "col.markets": {"en": "Markets", "id": "Pasar"},
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
    "overview.exports": {"en": "Exports {year} ({source})", "id": "Ekspor {year} ({source})"},
    "overview.current": {
        "en": "Now: the newest figure of each source",
        "id": "Sekarang: angka terbaru dari tiap sumber",
    },
    "overview.exports_now": {"en": "Exports {year} ({source})", "id": "Ekspor {year} ({source})"},
    "overview.eci_rank_now": {
        "en": "ECI rank {year} (Atlas, published)",
        "id": "Peringkat ECI {year} (Atlas, terbitan)",
    },
    "overview.eci_rank_now_help": {
        "en": "The Growth Lab's published ECI (3-year averages, Atlas country filters), ranked "
        "among the countries the Atlas ranks that year; gvc's own ECI for a single year is "
        "below.",
        "id": "ECI terbitan Growth Lab (rata-rata 3 tahun, filter negara Atlas), diperingkat "
        "di antara negara yang diperingkat Atlas tahun itu; ECI hitungan gvc untuk satu tahun "
        "ada di bawah.",
    },
    "overview.adb_participation": {
        "en": "GVC participation {year} (ADB)",
        "id": "Partisipasi GVC {year} (ADB)",
    },
    "overview.adb_help": {
        "en": "Trade-based participation published by ADB (Key Indicators 2021 method, "
        "Borin-Mancini) on ADB MRIO tables: backward plus forward GVC trade over gross exports.",
        "id": "Partisipasi berbasis perdagangan terbitan ADB (metode Key Indicators 2021, "
        "Borin-Mancini) pada tabel ADB MRIO: perdagangan GVC ke belakang ditambah ke depan "
        "dibagi ekspor bruto.",
    },
    "overview.icio_output": {
        "en": "Gross output {year} (OECD ICIO)",
        "id": "Output bruto {year} (OECD ICIO)",
    },
    "overview.no_current": {
        "en": "{country} is not covered by the current tables (UN Comtrade partners are "
        "embedded for Indonesia; ADB covers 72 economies, OECD ICIO 80).",
        "id": "{country} tidak tercakup tabel terbaru (mitra UN Comtrade tersedia untuk "
        "Indonesia; ADB mencakup 72 ekonomi, OECD ICIO 80).",
    },
    "overview.partners_idn_only": {
        "en": "Exports by partner to 2024 (UN Comtrade) are embedded for Indonesia; for "
        "{country} see the older tables below or import Comtrade data (Data page).",
        "id": "Ekspor per mitra sampai 2024 (UN Comtrade) tersedia untuk Indonesia; untuk "
        "{country} lihat tabel lama di bawah atau impor data Comtrade (halaman Data).",
    },
    "overview.partners": {
        "en": "Largest export partners {year}",
        "id": "Mitra ekspor terbesar {year}",
    },
    "overview.partners_source": {
        "en": "UN Comtrade, exports reported by Indonesia, {year} (USD); growth: annual "
        "average {start}-{year}.",
        "id": "UN Comtrade, ekspor yang dilaporkan Indonesia, {year} (USD); pertumbuhan: "
        "rata-rata tahunan {start}-{year}.",
    },
    "overview.adb_series": {
        "en": "GVC participation 2017-2022 beside its peers (ADB)",
        "id": "Partisipasi GVC 2017-2022 dibanding negara sebanding (ADB)",
    },
    "overview.adb_source": {
        "en": "ADB's published method on ADB's MRIO tables (ADB Key Indicators 2021; "
        "Borin-Mancini). gvc's own computation on WIOD 2011 is under the older tables below.",
        "id": "Metode terbitan ADB pada tabel MRIO ADB (ADB Key Indicators 2021; "
        "Borin-Mancini). Hitungan gvc sendiri pada WIOD 2011 ada di bagian tabel lama di "
        "bawah.",
    },
    "overview.icio_structure": {
        "en": "Largest industries and their sales of inputs abroad, OECD ICIO {year}",
        "id": "Industri terbesar dan penjualan inputnya ke luar negeri, OECD ICIO {year}",
    },
    "overview.icio_source": {
        "en": "OECD ICIO 2025 edition, 2022, million USD: gross output and intermediate sales "
        "to other countries (the table has no value added and no final demand by destination).",
        "id": "OECD ICIO edisi 2025, 2022, juta USD: output bruto dan penjualan antara ke "
        "negara lain (tabel ini tanpa nilai tambah dan tanpa permintaan akhir per tujuan).",
    },
    "overview.older": {
        "en": "Older tables: product exports and final demand by destination",
        "id": "Tabel lama: ekspor produk dan permintaan akhir per tujuan",
    },
    "overview.older_note": {
        "en": "Product-level exports for every country are embedded up to 2016 (Atlas HS92) and "
        "2020 (BACI chapters); exports by destination with final demand and value added up to "
        "2011 (WIOD 2013). Each figure names its table and year.",
        "id": "Ekspor tingkat produk untuk semua negara tersedia sampai 2016 (Atlas HS92) dan "
        "2020 (bab BACI); ekspor per tujuan dengan permintaan akhir dan nilai tambah sampai "
        "2011 (WIOD 2013). Setiap angka menyebut tabel dan tahunnya.",
    },
    "overview.eci": {"en": "Economic complexity (ECI)", "id": "Kompleksitas ekonomi (ECI)"},
    "overview.eci_help": {
        "en": "Economic Complexity Index (Hidalgo and Hausmann 2009), standardised over the "
        "countries in the data.",
        "id": "Indeks Kompleksitas Ekonomi (Hidalgo dan Hausmann 2009), dibakukan atas "
        "negara-negara dalam data.",
    },
    "overview.eci_rank": {"en": "ECI rank (gvc)", "id": "Peringkat ECI (gvc)"},
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
    "sectors.sector_buyers": {
        "en": "Foreign buyers of {sector} as an input",
        "id": "Pembeli {sector} di luar negeri sebagai input",
    },
    "sectors.icio_note": {
        "en": "{table} {year}: linkages, upstreamness and foreign buyers of inputs. Value added "
        "in exports and markets of final goods need final demand by destination: choose "
        "wiod2013 (newest year 2011).",
        "id": "{table} {year}: keterkaitan, upstreamness dan pembeli input di luar negeri. "
        "Nilai tambah dalam ekspor dan pasar barang akhir memerlukan permintaan akhir per "
        "tujuan: pilih wiod2013 (tahun terbaru 2011).",
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
        "processing sectors to a market, or, upstream, the chains of suppliers whose value "
        "added ends in a sector's sales (structural path analysis of the Leontief model).",
        "id": "Jalur struktural terbesar yang membawa nilai tambah sektor pemasok melalui "
        "sektor pengolah ke suatu pasar, atau, ke hulu, rantai pemasok yang nilai tambahnya "
        "berakhir dalam penjualan suatu sektor (analisis jalur struktural model Leontief).",
    },
    "paths.direction": {"en": "Direction", "id": "Arah"},
    "paths.direction_down": {
        "en": "Downstream: where its value added goes",
        "id": "Hilir: ke mana nilai tambahnya mengalir",
    },
    "paths.direction_up": {
        "en": "Upstream: which suppliers feed it",
        "id": "Hulu: pemasok mana yang memasoknya",
    },
    "paths.end_region": {"en": "Country of the sector", "id": "Negara sektor"},
    "paths.end_sector": {"en": "Sector (paths end here)", "id": "Sektor (jalur berakhir di sini)"},
    "paths.va_source": {"en": "Value added", "id": "Nilai tambah"},
    "paths.total_up": {
        "en": "Value added in its sales to the market",
        "id": "Nilai tambah dalam penjualannya ke pasar",
    },
    "paths.total_up_help": {
        "en": "Value added from every origin embodied in what the sector sells to: {sink} "
        "(all paths).",
        "id": "Nilai tambah dari semua asal yang terkandung dalam penjualan sektor ke: {sink} "
        "(semua jalur).",
    },
    "paths.graph_note_up": {
        "en": "From the origins of value added through their buyers to the chosen sector "
        "(orange) and its market (green); blue: same country, grey: abroad. Edge labels: value "
        "of the listed paths using the link, million USD.",
        "id": "Dari asal nilai tambah melalui pembelinya ke sektor terpilih (oranye) dan "
        "pasarnya (hijau); biru: negara yang sama, abu-abu: luar negeri. Label panah: nilai "
        "jalur yang memakai tautan tersebut, juta USD.",
    },
    "paths.origin": {"en": "Paths of", "id": "Jalur untuk"},
    "paths.origin_sector": {"en": "A sector", "id": "Sektor"},
    "paths.origin_cluster": {"en": "A cluster", "id": "Klaster"},
    "paths.cluster_note": {
        "en": "The cluster's products belong to the Indonesian IO sector(s): {sectors}.",
        "id": "Produk klaster termasuk sektor IO Indonesia: {sectors}.",
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
    "paths.sink_total_final_demand": {
        "en": "All final demand",
        "id": "Seluruh permintaan akhir",
    },
    "paths.sink_intermediate_exports": {
        "en": "A country's input sales abroad",
        "id": "Penjualan input suatu negara ke luar negeri",
    },
    "paths.sink_label_total": {"en": "All final demand", "id": "Seluruh permintaan akhir"},
    "paths.sink_label_ix": {
        "en": "Input sales abroad of {target}",
        "id": "Penjualan input ke luar negeri {target}",
    },
    "paths.no_target": {
        "en": "Every country's final demand (one total per country-sector in this table).",
        "id": "Permintaan akhir semua negara (satu total per negara-sektor di tabel ini).",
    },
    "paths.table_note": {
        "en": "{table} {year} has no final demand by destination: paths end in all final "
        "demand or in a country's input sales abroad. For paths to one market's final demand "
        "choose wiod2013 (newest year 2011).",
        "id": "{table} {year} tidak memiliki permintaan akhir per tujuan: jalur berakhir pada "
        "seluruh permintaan akhir atau penjualan input suatu negara ke luar negeri. Untuk jalur "
        "ke permintaan akhir satu pasar pilih wiod2013 (tahun terbaru 2011).",
    },
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
    # -- market targets
    "nav.data": {"en": "Data", "id": "Data"},
    "data.title": {"en": "Data", "id": "Data"},
    "data.intro": {
        "en": "Every dataset the tool has loaded, what it feeds, and for one product what the "
        "loaded data give and the command that adds the rest.",
        "id": "Semua dataset yang dimuat, analisis yang memakainya, dan untuk satu produk apa "
        "yang tersedia serta perintah untuk menambah yang belum ada.",
    },
    "data.datasets": {"en": "Loaded datasets", "id": "Dataset yang dimuat"},
    "data.product": {
        "en": "What the loaded data give for one product",
        "id": "Data yang tersedia untuk satu produk",
    },
    "data.product_summary": {
        "en": "HS {product}: {loaded} of {total} analyses have data loaded.",
        "id": "HS {product}: {loaded} dari {total} analisis memiliki data.",
    },
    "data.to_add": {"en": "To add {analysis}:", "id": "Untuk menambah {analysis}:"},
    "data.status_loaded": {"en": "loaded", "id": "tersedia"},
    "data.status_missing": {"en": "missing", "id": "belum ada"},
    "data.gap_product_targets": {
        "en": "market targets: export potential by market (product level)",
        "id": "target pasar: potensi ekspor per pasar (tingkat produk)",
    },
    "data.gap_bps": {
        "en": "current destinations (BPS)",
        "id": "negara tujuan saat ini (BPS)",
    },
    "data.gap_icio": {
        "en": "foreign industry buyers (ICIO)",
        "id": "industri pembeli di luar negeri (ICIO)",
    },
    "data.gap_wiod": {
        "en": "IO-sector market targets (WIOD)",
        "id": "target pasar sektor IO (WIOD)",
    },
    "data.gap_complexity": {
        "en": "complexity: RCA, PCI, product space",
        "id": "kompleksitas: RCA, PCI, ruang produk",
    },
    "data.gap_chapter_world": {
        "en": "world market of the chapter (exports by country)",
        "id": "pasar dunia bab HS (ekspor per negara)",
    },
    "data.gap_pci": {"en": "published PCI (Atlas)", "id": "PCI terbitan Atlas"},
    "data.gap_nonoil": {
        "en": "Indonesia's chapter exports 2020-2025",
        "id": "ekspor bab HS Indonesia 2020-2025",
    },
    "data.commands": {"en": "Adding data", "id": "Menambah data"},
    "data.commands_intro": {
        "en": "On a computer with internet, one command fetches a public source, checks it and "
        "imports it; files already downloaded (for example from the BPS portal) are imported "
        "with gvc import. Nothing is changed when a check fails.",
        "id": "Di komputer yang terhubung internet, satu perintah mengunduh sumber publik, "
        "memeriksanya, lalu mengimpornya; berkas yang sudah diunduh (misalnya dari portal "
        "BPS) diimpor dengan gvc import. Tidak ada yang berubah bila pemeriksaan gagal.",
    },
    "data.commands_note": {
        "en": "Run the commands in a terminal; gvc download --help and gvc import --help list "
        "the options (release, HS revision, mirror, dry run).",
        "id": "Jalankan perintah di terminal; gvc download --help dan gvc import --help "
        "menjelaskan pilihannya (rilis, revisi HS, mirror, uji coba).",
    },
    "data.where_baci": {
        "en": "CEPII BACI: one zip per HS revision and release (bilateral HS6 trade)",
        "id": "CEPII BACI: satu zip per revisi HS dan rilis (perdagangan bilateral HS6)",
    },
    "data.where_comtrade": {
        "en": "UN Comtrade API with your own key (comtradeapicall)",
        "id": "API UN Comtrade dengan kunci Anda sendiri (comtradeapicall)",
    },
    "data.import_kind": {
        "en": "a {kind} file already on this computer",
        "id": "berkas {kind} yang sudah ada di komputer ini",
    },
    "col.feeds": {"en": "Feeds", "id": "Dipakai untuk"},
    "col.inputs_abroad": {
        "en": "Intermediate sales abroad",
        "id": "Penjualan antara ke luar negeri",
    },
    "col.abroad_share": {"en": "Share of output", "id": "Pangsa output"},
    "col.output": {"en": "Gross output", "id": "Output bruto"},
    "col.growth_5y_pct": {"en": "Growth, % a year (5 years)", "id": "Pertumbuhan, %/tahun (5 th)"},
    "col.partner": {"en": "Partner", "id": "Mitra"},
    "col.partner_name": {"en": "Partner name", "id": "Nama mitra"},
    "col.share_of_world": {"en": "Share of exports", "id": "Pangsa ekspor"},
    "col.gvcp_trade": {"en": "GVC participation", "id": "Partisipasi GVC"},
    "col.gvcp_trade_backward": {"en": "Backward", "id": "Ke belakang"},
    "col.gvcp_trade_forward": {"en": "Forward", "id": "Ke depan"},
    "col.economy": {"en": "Economy", "id": "Ekonomi"},
    "col.economy_name": {"en": "Economy name", "id": "Nama ekonomi"},
    "col.exports_musd": {"en": "Exports, million USD", "id": "Ekspor, juta USD"},
    "col.table_name": {"en": "Table", "id": "Tabel"},
    "col.analysis": {"en": "Analysis", "id": "Analisis"},
    "col.status": {"en": "Status", "id": "Status"},
    "col.grain": {"en": "Grain", "id": "Tingkat data"},
    "col.command": {"en": "Command", "id": "Perintah"},
    "markets.title": {"en": "Market targets", "id": "Target pasar"},
    "markets.intro": {
        "en": "Markets ranked by untapped export potential (ITC export potential method: supply "
        "x demand x ease of trade, minus current exports) for an HS product or an IO sector.",
        "id": "Pasar diurutkan menurut potensi ekspor yang belum tergarap (metode potensi ekspor "
        "ITC: pasokan x permintaan x kemudahan dagang, dikurangi ekspor saat ini) untuk produk HS "
        "atau sektor IO.",
    },
    "markets.grain": {"en": "Target by", "id": "Sasaran menurut"},
    "markets.grain_hs": {"en": "HS product", "id": "Produk HS"},
    "markets.grain_io": {"en": "IO sector", "id": "Sektor IO"},
    "markets.exporter": {"en": "Exporter", "id": "Eksportir"},
    "markets.product": {"en": "HS code or prefix", "id": "Kode atau awalan HS"},
    "markets.product_help": {
        "en": "For example 0901 (coffee). The bilateral data of the chosen year decide which "
        "products exist.",
        "id": "Misalnya 0901 (kopi). Data bilateral tahun yang dipilih menentukan produk yang "
        "tersedia.",
    },
    "markets.no_years": {
        "en": "No loaded data answers for HS {product}: no product-level flows, no BPS "
        "destinations for its chapter and no IO industry. Check the code on the Home page.",
        "id": "Tidak ada data yang dimuat untuk HS {product}: tidak ada arus tingkat produk, "
        "tidak ada tujuan BPS untuk babnya dan tidak ada industri IO. Periksa kodenya di "
        "halaman Beranda.",
    },
    "markets.year_grain_hs": {"en": "product", "id": "produk"},
    "markets.year_grain_bps": {"en": "BPS", "id": "BPS"},
    "markets.year_grain_icio": {"en": "ICIO", "id": "ICIO"},
    "markets.map_current": {
        "en": "Where it sells now",
        "id": "Pasar tujuan saat ini",
    },
    "markets.map_note_current": {
        "en": "Circles at each market's position (CEPII GeoDist); size: current sales at the "
        "grain named above (no potential is computed at this grain).",
        "id": "Lingkaran pada posisi tiap pasar (CEPII GeoDist); ukuran: penjualan saat ini "
        "pada tingkat data yang disebut di atas (potensi tidak dihitung pada tingkat ini).",
    },
    "markets.ranking_current": {
        "en": "Markets ranked by current sales",
        "id": "Pasar menurut penjualan saat ini",
    },
    "markets.answer_year": {"en": "Year of the data", "id": "Tahun data"},
    "markets.answer_source": {"en": "Source", "id": "Sumber"},
    "markets.basis": {"en": "Ranking: {basis}.", "id": "Peringkat: {basis}."},
    "markets.context": {
        "en": "These markets for all of Indonesia's goods, {year}",
        "id": "Pasar-pasar ini untuk seluruh barang Indonesia, {year}",
    },
    "markets.context_note": {
        "en": "UN Comtrade, Indonesia's total merchandise exports to each market in {year} (USD), "
        "its share of Indonesia's exports and the annual growth {start}-{year}: how large and "
        "how fast-growing the relationship is beyond this product.",
        "id": "UN Comtrade, total ekspor barang Indonesia ke tiap pasar tahun {year} (USD), "
        "pangsanya dalam ekspor Indonesia dan pertumbuhan tahunan {start}-{year}: seberapa besar "
        "dan cepat tumbuh hubungan dagangnya di luar produk ini.",
    },
    "markets.top": {"en": "Markets shown", "id": "Jumlah pasar"},
    "markets.computing": {
        "en": "Estimating export potential...",
        "id": "Memperkirakan potensi ekspor...",
    },
    "markets.current": {
        "en": "Current exports to these markets",
        "id": "Ekspor saat ini ke pasar-pasar ini",
    },
    "markets.potential": {"en": "Potential", "id": "Potensi"},
    "markets.potential_help": {
        "en": "Projected potential exports after the supply, demand, tariff and distance "
        "corrections listed under 'Method and corrections'.",
        "id": "Potensi ekspor yang diproyeksikan setelah koreksi pasokan, permintaan, tarif, dan "
        "jarak yang tercantum di 'Metode dan koreksi'.",
    },
    "markets.untapped": {"en": "Untapped potential", "id": "Potensi belum tergarap"},
    "markets.markets": {"en": "Markets listed", "id": "Pasar yang ditampilkan"},
    "markets.units": {"en": "Values in {unit}.", "id": "Nilai dalam {unit}."},
    "markets.map": {
        "en": "Where the untapped potential is",
        "id": "Lokasi potensi yang belum tergarap",
    },
    "markets.map_note": {
        "en": "Circles at each market's position (CEPII GeoDist); size: untapped potential; "
        "colour: share of the potential already realised. Markets without coordinates (e.g. "
        "rest of the world) are in the bars and the table.",
        "id": "Lingkaran pada posisi tiap pasar (CEPII GeoDist); ukuran: potensi belum "
        "tergarap; warna: pangsa potensi yang sudah terealisasi. Pasar tanpa koordinat (mis. "
        "sisa dunia) ada di grafik batang dan tabel.",
    },
    "markets.ranking": {
        "en": "Markets ranked by untapped potential",
        "id": "Pasar menurut potensi belum tergarap",
    },
    "markets.part_current": {"en": "Current exports", "id": "Ekspor saat ini"},
    "markets.part_untapped": {"en": "Untapped potential", "id": "Potensi belum tergarap"},
    "markets.value_axis": {"en": "Value", "id": "Nilai"},
    "markets.table": {"en": "All columns", "id": "Semua kolom"},
    "markets.method": {"en": "Method and corrections", "id": "Metode dan koreksi"},
    "markets.current_markets": {
        "en": "Indonesia's current markets for chapter {chapter} (BPS)",
        "id": "Pasar Indonesia saat ini untuk bab {chapter} (BPS)",
    },
    "markets.bps_total": {"en": "Chapter exports {year}", "id": "Ekspor bab {year}"},
    "markets.world_growth": {
        "en": "World demand growth (per year)",
        "id": "Pertumbuhan permintaan dunia (per tahun)",
    },
    "markets.world_share": {"en": "Share of world exports", "id": "Pangsa ekspor dunia"},
    # -- clusters
    "clusters.title": {"en": "Clusters and opportunities", "id": "Klaster dan peluang"},
    "clusters.intro": {
        "en": "Choose a micro and small enterprise cluster from a shipped registry or upload "
        "your own: its size profile, export readiness and ranked export opportunities.",
        "id": "Pilih klaster usaha mikro dan kecil dari registri bawaan atau unggah registri "
        "Anda: profil ukuran, kesiapan ekspor, dan peluang ekspor yang diperingkat.",
    },
    "clusters.upload": {"en": "Upload a cluster registry", "id": "Unggah registri klaster"},
    "clusters.upload_help": {
        "en": "CSV or Excel in the template's format; it is checked row by row and stays "
        "available while the app runs.",
        "id": "CSV atau Excel dengan format templat; diperiksa baris demi baris dan tetap "
        "tersedia selama aplikasi berjalan.",
    },
    "clusters.template": {"en": "Download the template (Excel)", "id": "Unduh templat (Excel)"},
    "clusters.upload_file": {"en": "Registry file", "id": "Berkas registri"},
    "clusters.uploaded": {"en": "Loaded {name}.", "id": "{name} dimuat."},
    "clusters.registry": {"en": "Registry", "id": "Registri"},
    "clusters.cluster": {"en": "Cluster", "id": "Klaster"},
    "clusters.province": {"en": "Province", "id": "Provinsi"},
    "clusters.firms": {"en": "Firms", "id": "Jumlah usaha"},
    "clusters.kbli": {"en": "Activities (KBLI)", "id": "Kegiatan (KBLI)"},
    "clusters.hs": {"en": "Products (HS)", "id": "Produk (HS)"},
    "clusters.tab_opportunities": {"en": "Opportunities", "id": "Peluang"},
    "clusters.tab_readiness": {"en": "Readiness", "id": "Kesiapan"},
    "clusters.tab_graduation": {"en": "Graduation profile", "id": "Profil naik kelas"},
    "clusters.tab_profile": {"en": "Registry record", "id": "Data registri"},
    "clusters.computing": {
        "en": "Ranking opportunities (first time: several seconds)...",
        "id": "Memeringkat peluang (pertama kali: beberapa detik)...",
    },
    "clusters.opp_note": {
        "en": "HS headings the cluster makes, could make (adjacent in the product space) or "
        "could supply, ranked by feasibility, attractiveness, linkage and readiness.",
        "id": "Pos HS yang dibuat klaster, dapat dibuat (berdekatan dalam ruang produk), atau "
        "dapat dipasok, diperingkat menurut kelayakan, daya tarik, keterkaitan, dan kesiapan.",
    },
    "clusters.workbook": {"en": "Download Excel workbook", "id": "Unduh buku kerja Excel"},
    "clusters.brief": {"en": "Download cluster brief (PDF)", "id": "Unduh ringkasan klaster (PDF)"},
    "clusters.brief_help": {
        "en": "Two printable pages: profile, readiness, the top five opportunities with their "
        "next steps per market, and the domestic chain.",
        "id": "Dua halaman siap cetak: profil, kesiapan, lima peluang teratas dengan langkah "
        "berikutnya per pasar, dan rantai domestik.",
    },
    "clusters.next_steps": {
        "en": "Next steps for the top five: markets, certificates, rules, buyers",
        "id": "Langkah berikutnya untuk lima teratas: pasar, sertifikat, aturan, pembeli",
    },
    "clusters.next_steps_note": {
        "en": "Two current markets and one target market per product. Certificates and rules "
        "come from gvc's requirements table (row numbers on the Data page); a market with no row "
        "on file may still have rules: ask the importer.",
        "id": "Dua pasar saat ini dan satu pasar sasaran per produk. Sertifikat dan aturan dari "
        "tabel persyaratan gvc (nomor baris di halaman Data); pasar tanpa baris tercatat tetap "
        "bisa punya aturan: tanyakan ke importir.",
    },
    "clusters.readiness_score": {"en": "Export readiness", "id": "Kesiapan ekspor"},
    "clusters.confidence": {"en": "Confidence", "id": "Keyakinan"},
    "clusters.confidence_help": {
        "en": "Share of the weights and indicators that had data; missing inputs are never "
        "imputed.",
        "id": "Pangsa bobot dan indikator yang memiliki data; input yang hilang tidak pernah "
        "diimputasi.",
    },
    "clusters.self_assess_hint": {
        "en": "Missing inputs? Answer the questionnaire on the Readiness self-assessment page.",
        "id": "Ada input yang hilang? Jawab kuesioner di halaman Penilaian mandiri kesiapan.",
    },
    "role.made": {"en": "made", "id": "dibuat"},
    "role.activity": {"en": "activity", "id": "kegiatan"},
    "role.adjacent": {"en": "adjacent", "id": "berdekatan"},
    "role.supplier": {"en": "supplier", "id": "pemasok"},
    # -- self-assessment
    "assess.title": {"en": "Readiness self-assessment", "id": "Penilaian mandiri kesiapan"},
    "assess.intro": {
        "en": "Answer the questions for a cluster or one enterprise; the score and its "
        "explanation update as you answer. Unanswered questions stay unknown.",
        "id": "Jawab pertanyaan untuk klaster atau satu usaha; skor dan penjelasannya "
        "diperbarui saat Anda menjawab. Pertanyaan yang tidak dijawab tetap tidak diketahui.",
    },
    "assess.mode": {"en": "Answering for", "id": "Menjawab untuk"},
    "assess.mode_cluster": {"en": "A cluster", "id": "Klaster"},
    "assess.mode_enterprise": {"en": "One enterprise", "id": "Satu usaha"},
    "assess.context": {
        "en": "Cluster (activity and province)",
        "id": "Klaster (kegiatan dan provinsi)",
    },
    "assess.context_help": {
        "en": "Its activity codes decide which certifications count; its province gives the "
        "productivity benchmark.",
        "id": "Kode kegiatannya menentukan sertifikasi yang relevan; provinsinya memberi "
        "pembanding produktivitas.",
    },
    "assess.questions": {"en": "Questions", "id": "Pertanyaan"},
    "assess.answered": {
        "en": "{n} of {total} questions answered.",
        "id": "{n} dari {total} pertanyaan dijawab.",
    },
    "assess.result": {"en": "Score", "id": "Skor"},
    "assess.explained": {"en": "Why this score", "id": "Penjelasan skor"},
    "assess.indicators": {"en": "Indicators", "id": "Indikator"},
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
    "col.exporter": {"en": "Exporter", "id": "Eksportir"},
    "col.basis": {"en": "Basis of the ranking", "id": "Dasar peringkat"},
    "col.top_buyer": {
        "en": "Largest buying industry",
        "id": "Industri pembeli terbesar",
    },
    "col.unit": {"en": "Unit", "id": "Satuan"},
    "col.codes": {"en": "Codes", "id": "Kode"},
    "col.hs4": {"en": "HS code", "id": "Kode HS"},
    "col.importer": {"en": "Market", "id": "Pasar"},
    "col.importer_name": {"en": "Market name", "id": "Nama pasar"},
    "col.realised_share": {"en": "Share of potential realised", "id": "Pangsa potensi terealisasi"},
    "col.roles": {"en": "Role", "id": "Peran"},
    "col.score": {"en": "Score (0-100)", "id": "Skor (0-100)"},
    "col.untapped": {"en": "Untapped potential", "id": "Potensi belum tergarap"},
    "col.potential": {"en": "Potential", "id": "Potensi"},
    "col.imports": {"en": "Market imports", "id": "Impor pasar"},
    "col.demand_growth_pct": {"en": "Demand growth (%/yr)", "id": "Pertumbuhan permintaan (%/th)"},
    "col.competitors": {"en": "Main competitors", "id": "Pesaing utama"},
    "col.weight_used": {"en": "Weight used", "id": "Bobot yang dipakai"},
    "col.field": {"en": "Field", "id": "Kolom"},
    "col.lever": {"en": "Lever", "id": "Tuas"},
    "col.explanation": {"en": "Explanation", "id": "Penjelasan"},
    "col.growth_pct": {
        "en": "Growth on previous year (%)",
        "id": "Pertumbuhan dari tahun sebelumnya (%)",
    },
    "col.world_exports_usd": {
        "en": "World exports of the chapter (USD)",
        "id": "Ekspor dunia bab ini (USD)",
    },
    "col.world_growth_pct": {"en": "World growth (%/yr)", "id": "Pertumbuhan dunia (%/th)"},
    "col.exporter_world_share": {"en": "Share of world exports", "id": "Pangsa ekspor dunia"},
    # -- diversification (growth opportunities) and country comparison pages
    "nav.diversification": {"en": "Diversification", "id": "Diversifikasi"},
    "nav.compare": {"en": "Compare countries", "id": "Bandingkan negara"},
    "div.title": {"en": "Diversification opportunities", "id": "Peluang diversifikasi"},
    "div.intro": {
        "en": "Products the country does not yet export with comparative advantage (RCA < 1), "
        "ranked as the Atlas of Economic Complexity does: close to what it already makes, "
        "complex, and opening the way to further products.",
        "id": "Produk yang belum diekspor negara ini dengan keunggulan komparatif (RCA < 1), "
        "diurutkan seperti pada Atlas of Economic Complexity: dekat dengan yang sudah dibuat, "
        "kompleks, dan membuka jalan ke produk lain.",
    },
    "div.strategy": {"en": "Strategy", "id": "Strategi"},
    "div.strategy_auto": {"en": "Suggested for the country", "id": "Saran untuk negara ini"},
    "div.strategy_light_touch": {"en": "Light touch", "id": "Sentuhan ringan"},
    "div.strategy_parsimonious": {"en": "Parsimonious industrial policy",
                                  "id": "Kebijakan industri hemat"},
    "div.strategy_strategic_bets": {"en": "Strategic bets", "id": "Taruhan strategis"},
    "div.strategy_low_hanging_fruit": {"en": "Low-hanging fruit", "id": "Buah yang mudah dipetik"},
    "div.strategy_long_jumps": {"en": "Long jumps", "id": "Lompatan jauh"},
    "div.strategy_used": {"en": "Strategy used", "id": "Strategi yang dipakai"},
    "div.top": {"en": "Products shown", "id": "Jumlah produk"},
    "div.eci": {"en": "Economic complexity (ECI)", "id": "Kompleksitas ekonomi (ECI)"},
    "div.eci_help": {
        "en": "How diverse and how sophisticated the country's exports are (standardised: 0 is "
        "the average country).",
        "id": "Seberapa beragam dan canggih ekspor negara ini (distandardisasi: 0 adalah rata-rata "
        "negara).",
    },
    "div.coi": {"en": "Complexity outlook (COI)", "id": "Prospek kompleksitas (COI)"},
    "div.coi_help": {
        "en": "How many complex products lie close to what the country already exports: high "
        "means many nearby opportunities.",
        "id": "Seberapa banyak produk kompleks yang dekat dengan ekspor negara ini saat ini: "
        "tinggi berarti banyak peluang di dekatnya.",
    },
    "div.weights": {"en": "Weights: distance / PCI / COG", "id": "Bobot: jarak / PCI / COG"},
    "div.weights_help": {
        "en": "score = w1 × z(−distance) + w2 × z(PCI) + w3 × z(COG), z-scores over the "
        "candidate products.",
        "id": "skor = w1 × z(−jarak) + w2 × z(PCI) + w3 × z(COG), skor-z atas produk kandidat.",
    },
    "div.why_light_touch": {
        "en": "Light touch: the country is already complex (ECI ≥ 0) and has many nearby "
        "products (COI ≥ 0). Most weight goes to products close to current capabilities.",
        "id": "Sentuhan ringan: negara ini sudah kompleks (ECI ≥ 0) dan punya banyak produk di "
        "dekatnya (COI ≥ 0). Bobot terbesar untuk produk yang dekat dengan kemampuan saat ini.",
    },
    "div.why_parsimonious": {
        "en": "Parsimonious industrial policy: many nearby products (COI ≥ 0) but low complexity "
        "(ECI < 0). Close products first, with more weight on those that open further paths.",
        "id": "Kebijakan industri hemat: banyak produk di dekatnya (COI ≥ 0) tetapi kompleksitas "
        "rendah (ECI < 0). Produk dekat lebih dulu, dengan bobot lebih pada yang membuka jalan.",
    },
    "div.why_strategic_bets": {
        "en": "Strategic bets: few complex products lie nearby (COI < 0). More weight on "
        "products that open the way to others (COG), which takes coordinated effort.",
        "id": "Taruhan strategis: sedikit produk kompleks di dekatnya (COI < 0). Bobot lebih pada "
        "produk yang membuka jalan ke produk lain (COG), yang butuh upaya terkoordinasi.",
    },
    "div.why_low_hanging_fruit": {
        "en": "Low-hanging fruit (chosen by you): products closest to current capabilities.",
        "id": "Buah yang mudah dipetik (pilihan Anda): produk terdekat dengan kemampuan saat ini.",
    },
    "div.why_long_jumps": {
        "en": "Long jumps (chosen by you): more weight on complexity and outlook gain, less on "
        "distance.",
        "id": "Lompatan jauh (pilihan Anda): bobot lebih pada kompleksitas dan perolehan prospek, "
        "kurang pada jarak.",
    },
    "div.explain_title": {"en": "What distance, PCI and COG mean", "id": "Arti jarak, PCI dan COG"},
    "div.explain": {
        "en": "**Distance** (0–1): how far the product is from what the country already exports "
        "with comparative advantage, through the product space (1 − density). Low distance "
        "means the know-how, inputs and suppliers mostly exist.\n\n**PCI** (product complexity "
        "index): how sophisticated the product is, judged by how few and how diversified its "
        "exporters are. Higher PCI products tend to pay higher wages.\n\n**COG** (complexity "
        "outlook gain): how much the product would bring the country closer to other complex "
        "products.\n\nSource: Hausmann, Hidalgo et al., *The Atlas of Economic Complexity* "
        "(2011/2014); the same calculation as the py-ecomplexity package (checked to 1e-9).",
        "id": "**Jarak** (0–1): seberapa jauh produk dari yang sudah diekspor negara ini dengan "
        "keunggulan komparatif, melalui ruang produk (1 − densitas). Jarak rendah berarti "
        "pengetahuan, bahan baku dan pemasok sebagian besar sudah ada.\n\n**PCI** (indeks "
        "kompleksitas produk): seberapa canggih produk, dinilai dari sedikitnya dan "
        "beragamnya negara pengekspor. Produk dengan PCI tinggi cenderung memberi upah lebih "
        "tinggi.\n\n**COG** (perolehan prospek kompleksitas): seberapa besar produk ini "
        "mendekatkan negara ke produk kompleks lain.\n\nSumber: Hausmann, Hidalgo dkk., *The "
        "Atlas of Economic Complexity* (2011/2014); perhitungan sama dengan paket py-ecomplexity "
        "(diperiksa sampai 1e-9).",
    },
    "div.treemap": {"en": "The top {n} opportunities by section",
                    "id": "{n} peluang teratas per bagian HS"},
    "div.treemap_note": {
        "en": "Each box is a product; its area is the product's world trade (the size of the "
        "market), its colour the HS section. Hover for distance, PCI and COG.",
        "id": "Setiap kotak adalah satu produk; luasnya adalah perdagangan dunia produk itu "
        "(besar pasarnya), warnanya bagian HS. Arahkan kursor untuk jarak, PCI dan COG.",
    },
    "div.section": {"en": "HS section", "id": "Bagian HS"},
    "div.table": {"en": "Ranked opportunities", "id": "Peluang berperingkat"},
    "div.no_opportunities": {
        "en": "No product without comparative advantage has a complexity value for this country "
        "and year.",
        "id": "Tidak ada produk tanpa keunggulan komparatif yang punya nilai kompleksitas untuk "
        "negara dan tahun ini.",
    },
    "col.section_name": {"en": "HS section", "id": "Bagian HS"},
    "nav.trends": {"en": "Trends", "id": "Tren"},
    "trends.title": {"en": "Trends", "id": "Tren"},
    "trends.intro": {
        "en": "How a country's exports and complexity moved over the years in the loaded data.",
        "id": "Bagaimana ekspor dan kompleksitas suatu negara bergerak dari tahun ke tahun dalam "
        "data yang dimuat.",
    },
    "trends.top": {"en": "Chapters shown", "id": "Jumlah bab"},
    "trends.no_data": {"en": "No exports by HS chapter are loaded for this country.",
                       "id": "Tidak ada data ekspor per bab HS untuk negara ini."},
    "trends.other": {"en": "All other chapters", "id": "Semua bab lainnya"},
    "trends.exports": {"en": "Exports {year}", "id": "Ekspor {year}"},
    "trends.cagr": {"en": "Annual growth {first}-{last}",
                    "id": "Pertumbuhan tahunan {first}-{last}"},
    "trends.by_chapter": {"en": "Exports by HS chapter, {first}-{last}",
                          "id": "Ekspor per bab HS, {first}-{last}"},
    "trends.by_chapter_note": {
        "en": "The {n} largest chapters of the last year, the rest together. Source: {source} "
        "(CEPII BACI, HS92, current USD).",
        "id": "{n} bab terbesar pada tahun terakhir, sisanya digabung. Sumber: {source} "
        "(CEPII BACI, HS92, USD berlaku).",
    },
    "trends.eci": {"en": "ECI rank by year, {first}-{last}", "id": "Peringkat ECI per tahun, "
                   "{first}-{last}"},
    "trends.eci_note": {
        "en": "Computed by gvc from the HS 2-digit exports of every country in the data (96 "
        "chapters, no Atlas filters): coarser than the Atlas's published HS 4-digit ranking, so "
        "the level differs; the direction over time is what to read.",
        "id": "Dihitung gvc dari ekspor HS 2 digit semua negara dalam data (96 bab, tanpa filter "
        "Atlas): lebih kasar daripada peringkat HS 4 digit yang diterbitkan Atlas, sehingga "
        "tingkatnya berbeda; yang perlu dibaca adalah arahnya dari waktu ke waktu.",
    },
    "trends.rank_axis": {"en": "ECI rank (1 = most complex)", "id": "Peringkat ECI (1 = paling "
                         "kompleks)"},
    "trends.of": {"en": "Countries ranked", "id": "Jumlah negara diperingkat"},
    "col.countries": {"en": "Countries ranked", "id": "Jumlah negara diperingkat"},
    "col.year": {"en": "Year", "id": "Tahun"},
    "col.value_usd": {"en": "Value (USD)", "id": "Nilai (USD)"},
    "col.eci": {"en": "Economic complexity (ECI)", "id": "Kompleksitas ekonomi (ECI)"},
    "cmp.title": {"en": "Compare countries", "id": "Bandingkan negara"},
    "cmp.intro": {
        "en": "Indonesia beside its peers, or any set of countries: exports, complexity with and "
        "without the Atlas filters, top products and GVC participation.",
        "id": "Indonesia di samping negara pembanding, atau negara mana pun: ekspor, kompleksitas "
        "dengan dan tanpa filter Atlas, produk utama dan partisipasi GVC.",
    },
    "cmp.countries": {"en": "Countries (up to 12)", "id": "Negara (hingga 12)"},
    "cmp.pick_some": {"en": "Choose at least one country.", "id": "Pilih minimal satu negara."},
    "cmp.eci": {"en": "Exports and economic complexity", "id": "Ekspor dan kompleksitas ekonomi"},
    "cmp.filters_note": {
        "en": "Two ECI rankings: 'Atlas filters' ranks only the {n_atlas} countries with over "
        "1.2 million people and over USD 1 billion of exports, without gold and unspecified "
        "trade, as the Atlas of Economic Complexity publishes it; 'all' ranks all {n_all} "
        "exporters in the data. Compare with the Atlas's published ranking using the first.",
        "id": "Dua peringkat ECI: 'filter Atlas' hanya memeringkat {n_atlas} negara dengan "
        "penduduk di atas 1,2 juta dan ekspor di atas USD 1 miliar, tanpa emas dan perdagangan "
        "tak terinci, seperti yang diterbitkan Atlas of Economic Complexity; 'semua' memeringkat "
        "{n_all} eksportir dalam data. Untuk membandingkan dengan peringkat Atlas, pakai yang "
        "pertama.",
    },
    "cmp.not_ranked": {"en": "not ranked (filters)", "id": "tidak diperingkat (filter)"},
    "cmp.ranking_atlas": {"en": "ECI rank, Atlas filters (of {n})",
                          "id": "Peringkat ECI, filter Atlas (dari {n})"},
    "cmp.ranking_all": {"en": "ECI rank, all exporters (of {n})",
                        "id": "Peringkat ECI, semua eksportir (dari {n})"},
    "cmp.rank_axis": {"en": "Rank (1 = most complex)", "id": "Peringkat (1 = paling kompleks)"},
    "cmp.top_products": {"en": "Top 5 products (share of exports)",
                         "id": "5 produk utama (pangsa ekspor)"},
    "cmp.gvc": {"en": "GVC participation", "id": "Partisipasi GVC"},
    "cmp.gvc_note": {
        "en": "Backward: foreign value added in the country's gross exports; forward: the "
        "country's value added in other countries' exports, both as a share of its gross "
        "exports (Koopman-Wang-Wei, computed by gvc on the IO table named).",
        "id": "Ke belakang: nilai tambah asing dalam ekspor bruto negara; ke depan: nilai tambah "
        "negara dalam ekspor negara lain, keduanya sebagai pangsa ekspor brutonya "
        "(Koopman-Wang-Wei, dihitung gvc pada tabel IO yang disebut).",
    },
    "cmp.gvc_missing": {
        "en": "No loaded IO table with value added covers: {countries}.",
        "id": "Tidak ada tabel IO termuat dengan nilai tambah yang mencakup: {countries}.",
    },
    "col.country": {"en": "Country", "id": "Negara"},
    "col.eci_rank_atlas": {"en": "ECI rank (Atlas filters)", "id": "Peringkat ECI (filter Atlas)"},
    "col.eci_rank_all": {"en": "ECI rank (all)", "id": "Peringkat ECI (semua)"},
    "col.eci_atlas": {"en": "ECI (Atlas filters)", "id": "ECI (filter Atlas)"},
    "col.eci_all": {"en": "ECI (all)", "id": "ECI (semua)"},
    "col.backward_pct": {"en": "Backward participation (%)", "id": "Partisipasi ke belakang (%)"},
    "col.forward_pct": {"en": "Forward participation (%)", "id": "Partisipasi ke depan (%)"},
    "col.ranking_kind": {"en": "Ranking", "id": "Jenis peringkat"},
    "col.diversity": {"en": "Diversity (products with RCA ≥ 1)",
                      "id": "Keragaman (produk dengan RCA ≥ 1)"},
    "col.coi": {"en": "Complexity outlook (COI)", "id": "Prospek kompleksitas (COI)"},
    "col.growth_score": {"en": "Opportunity score (weighted z)", "id": "Skor peluang (z berbobot)"},
}

LANGUAGES = {"en": "English", "id": "Bahasa Indonesia"}


def label(key: str, lang: str) -> str:
    """Return the label for ``key`` in ``lang`` (falls back to English, then the key)."""
    entry = LABELS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("en") or key

# -- province view and domestic value chains (added by domestic) ----------------------------------
LABELS.update({
    "nav.province": {"en": "Provinces and domestic chains", "id": "Provinsi dan rantai domestik"},
    "province.title": {"en": "Provinces and domestic value chains",
                       "id": "Provinsi dan rantai nilai domestik"},
    "province.intro": {
        "en": "Micro and small industry by province (BPS IMK 2025), who buys an industry's "
        "products and who supplies it across provinces (BPS inter-regional IO table 2016), and "
        "a cluster's domestic chain: where its inputs come from, who buys, which exporting "
        "industries to partner with.",
        "id": "Industri mikro dan kecil per provinsi (BPS IMK 2025), siapa yang membeli produk "
        "suatu industri dan siapa yang memasoknya antarprovinsi (Tabel IO Antarwilayah BPS "
        "2016), serta rantai domestik klaster: asal bahan baku, pembeli, dan industri pengekspor "
        "yang dapat diajak bermitra.",
    },
    "province.province": {"en": "Province", "id": "Provinsi"},
    "province.industry": {"en": "Industry (IRIO 2016)", "id": "Industri (IRIO 2016)"},
    "province.measure": {"en": "Map colour", "id": "Warna peta"},
    "province.direction": {"en": "Flows", "id": "Aliran"},
    "province.dir_buyers": {"en": "Buyers (from the province)",
                            "id": "Pembeli (dari provinsi ini)"},
    "province.dir_suppliers": {"en": "Suppliers (into the province)",
                               "id": "Pemasok (ke provinsi ini)"},
    "province.m_firms": {"en": "Micro and small firms", "id": "Usaha mikro dan kecil"},
    "province.m_workers": {"en": "MSE workers", "id": "Tenaga kerja IMK"},
    "province.m_va_per_worker_m_idr": {"en": "Value added per worker (million IDR)",
                                       "id": "Nilai tambah per pekerja (juta Rp)"},
    "province.m_share_partnership": {"en": "Share of MSEs with partnerships",
                                     "id": "Pangsa IMK yang bermitra"},
    "province.m_share_loans": {"en": "Share of MSEs with loans",
                               "id": "Pangsa IMK yang punya pinjaman"},
    "province.m_share_internet": {"en": "Share of MSEs using the internet",
                                  "id": "Pangsa IMK yang memakai internet"},
    "province.m_output_bn_idr": {"en": "Industry output (billion IDR)",
                                 "id": "Output industri (miliar Rp)"},
    "province.m_export_orientation": {"en": "Export orientation (foreign exports / output)",
                                      "id": "Orientasi ekspor (ekspor luar negeri / output)"},
    "province.m_backward_norm": {"en": "Backward linkage index",
                                 "id": "Indeks keterkaitan ke belakang"},
    "province.m_forward_norm": {"en": "Forward linkage index",
                                "id": "Indeks keterkaitan ke depan"},
    "province.map": {"en": "Indonesia by province: {measure}",
                     "id": "Indonesia per provinsi: {measure}"},
    "province.imk_note": {
        "en": "BPS IMK 2025, 38 provinces. Lines: the selected industry's 15 largest flows "
        "(IRIO 2016).",
        "id": "BPS IMK 2025, 38 provinsi. Garis: 15 aliran terbesar industri terpilih "
        "(IRIO 2016).",
    },
    "province.irio_note": {
        "en": "BPS IRIO 2016 has 34 provinces: the four provinces created in 2022 (Papua Barat "
        "Daya; Papua Selatan, Papua Tengah, Papua Pegunungan) show the values of the province "
        "they were split from. Export orientation by industry is an estimate.",
        "id": "IRIO BPS 2016 memiliki 34 provinsi: empat provinsi baru 2022 (Papua Barat Daya; "
        "Papua Selatan, Papua Tengah, Papua Pegunungan) menampilkan nilai provinsi induknya. "
        "Orientasi ekspor per industri adalah perkiraan.",
    },
    "province.split_note": {
        "en": "This province was created in 2022; the IRIO 2016 figures are those of {parent}.",
        "id": "Provinsi ini dibentuk tahun 2022; angka IRIO 2016 adalah angka {parent}.",
    },
    "province.flow_bn": {"en": "Billion IDR (2016)", "id": "Miliar Rp (2016)"},
    "province.flows_buyers": {"en": "Provinces buying {industry} from {province}",
                              "id": "Provinsi pembeli {industry} dari {province}"},
    "province.flows_suppliers": {"en": "Provinces supplying {industry} to {province}",
                                 "id": "Provinsi pemasok {industry} ke {province}"},
    "province.use_intermediate": {"en": "Intermediate use (inputs)",
                                  "id": "Penggunaan antara (bahan baku)"},
    "province.use_final": {"en": "Final use", "id": "Konsumsi akhir"},
    "province.cluster_chain": {"en": "A cluster's domestic chain", "id": "Rantai domestik klaster"},
    "province.cluster": {"en": "Cluster", "id": "Klaster"},
    "province.output": {"en": "Industry output in the province (bn IDR)",
                        "id": "Output industri di provinsi (miliar Rp)"},
    "province.shipped": {"en": "Sold to other provinces (bn IDR)",
                         "id": "Dijual ke provinsi lain (miliar Rp)"},
    "province.exports_est": {"en": "Foreign exports, estimate (bn IDR)",
                             "id": "Ekspor luar negeri, perkiraan (miliar Rp)"},
    "province.import_share": {"en": "Imported share of inputs", "id": "Pangsa input impor"},
    "province.abroad": {"en": "abroad", "id": "luar negeri"},
    "province.chain_note": {
        "en": "Left to right: the provinces supplying the inputs (and imports), the cluster's "
        "industry in its province, the provinces and partner industries buying its products, "
        "and the foreign market those partners export to. Line width: billion IDR.",
        "id": "Dari kiri ke kanan: provinsi pemasok bahan baku (dan impor), industri klaster di "
        "provinsinya, provinsi dan industri mitra yang membeli produknya, serta pasar luar "
        "negeri tujuan ekspor mitra. Tebal garis: miliar Rp.",
    },
    "province.tab_buyers": {"en": "Buyers", "id": "Pembeli"},
    "province.tab_sources": {"en": "Input sources", "id": "Sumber bahan baku"},
    "province.tab_partners": {"en": "Partnership candidates", "id": "Calon mitra"},
    "province.sources_note": {
        "en": "Inputs the industry needs (national coefficients, WIOD 2013 Indonesia) placed on "
        "the provinces that ship each input into the province (IRIO 2016); 'abroad' = imports.",
        "id": "Input yang dibutuhkan industri (koefisien nasional, WIOD 2013 Indonesia) dibagi "
        "ke provinsi yang mengirim tiap input ke provinsi ini (IRIO 2016); 'abroad' = impor.",
    },
    "province.partners_note": {
        "en": "Industries in the cluster's own and neighbouring provinces that buy its products "
        "as inputs and export, ranked by the export-linked part of their purchases; with the "
        "share of the province's micro and small firms that already have partnerships "
        "(BPS IMK 2025).",
        "id": "Industri di provinsi klaster dan provinsi tetangganya yang membeli produknya "
        "sebagai bahan baku dan mengekspor, diurutkan menurut bagian pembelian yang terkait "
        "ekspor; dengan pangsa IMK provinsi yang sudah bermitra (BPS IMK 2025).",
    },
})
