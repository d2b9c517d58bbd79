"""The `Gvc` methods for MSE clusters, graduation, readiness and opportunities (issue 7).

``con.clusters()`` lists the shipped registries (built from the embedded BPS data: 38 provinces'
micro and small manufacturing, BPS IMK 2025; West Java UMKM categories by regency, Open Data
Jabar) and any registry loaded in this session with ``con.load_clusters(...)``.
``con.cluster(id)`` returns a :class:`Cluster` with ``.graduation()``, ``.readiness()``,
``.opportunities()`` and ``.export(path)``.
"""

from __future__ import annotations

import math
import os
import uuid
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from gvc import clusters_registry as reg
from gvc import config
from gvc.analytics import graduation as grad
from gvc.analytics import readiness as rd
from gvc.errors import GvcError, ImportValidationError, InvalidInputError, unknown_code
from gvc.services.domestic import DomesticLinks, DomesticService  # domestic branch

if TYPE_CHECKING:  # pragma: no cover
    from gvc.api import Gvc

JABAR_MAPPING = "concordances/jabar_umkm_category_to_kbli_hs.csv"
REGISTRIES = ("bps_imk2025", "jabar_umkm")


class Cluster:
    """One MSE cluster of a registry with its analyses."""

    def __init__(self, con: Gvc, record: Mapping[str, object], firms: pd.DataFrame, registry: str):
        self.con = con
        self.record = dict(record)
        self.firms = firms
        self.registry = registry

    @property
    def id(self) -> str:
        """Return the cluster id."""
        return str(self.record["cluster_id"])

    @property
    def name(self) -> str:
        """Return the cluster name."""
        return str(self.record["name"])

    @property
    def unknown_fields(self) -> list[str]:
        """Return the optional fields the source does not give."""
        return [f for f in str(self.record.get("unknown_fields") or "").split(";") if f]

    def __repr__(self) -> str:
        return f"Cluster({self.id!r}, {self.name!r}, registry={self.registry!r})"

    def profile(self) -> pd.DataFrame:
        """Return the registry record as a two-column table (field, value), unknowns marked."""
        unknown = set(self.unknown_fields)
        rows = []
        for f in reg.FIELDS:
            v = self.record.get(f.name)
            if f.name in unknown:
                text = "unknown"
            elif isinstance(v, float) and v.is_integer() and f.kind != "share":
                text = f"{int(v)}"
            else:
                text = "" if v is None else str(v)
            rows.append(
                {"field": f.name, "value": text, "unit": f.unit, "description": f.description}
            )
        return pd.DataFrame(rows)

    def graduation(self) -> pd.DataFrame:
        """Firms by size class (PP 7/2021 sales and capital, BPS workers) and gap to the next.

        See :func:`gvc.analytics.graduation.graduation_profile`.
        """
        defs = self.con.memo(
            "cluster_size_definitions", lambda: self.con.sql("cluster_size_definitions")
        )
        return grad.graduation_profile(self.record, defs, self.firms)  # type: ignore[arg-type]

    def firm_graduation(self) -> pd.DataFrame:
        """Classify the cluster's per-firm records (empty without records).

        See :func:`gvc.analytics.graduation.firm_graduation`.
        """
        defs = self.con.memo(
            "cluster_size_definitions", lambda: self.con.sql("cluster_size_definitions")
        )
        if self.firms.empty:
            return pd.DataFrame(columns=["firm_id"])
        return grad.firm_graduation(self.firms, defs)  # type: ignore[arg-type]

    def benchmark_va_per_worker(self) -> float | None:
        """Return VA per worker (IDR) of the province's micro and small industry (BPS IMK 2025).

        Falls back to the national figure when the province is not in the table (INDONESIA).
        """
        imk = self.con.memo("cluster_imk", lambda: self.con.sql("cluster_imk"))
        tot = imk[imk["size_class"] == "total"]  # type: ignore[index]
        prov = str(self.record.get("province") or "").upper()
        sel = tot[tot["province"] == prov]
        if sel.empty:
            sel = tot
        w = float(sel["workers"].sum())
        return float(sel["value_added_m_idr"].sum()) * 1e6 / w if w else None

    def readiness(
        self,
        weights: Mapping[str, float] | None = None,
        lang: str = "en",
        answers: Mapping[str, object] | None = None,
        mode: str = "cluster",
    ) -> pd.DataFrame:
        """Score export readiness on the five levers (see :mod:`gvc.analytics.readiness`).

        Parameters
        ----------
        weights : mapping, optional
            Lever weights (productivity_finance, partnership, modernisation, standards,
            export_capacity); default 0.2 each.
        lang : {"en", "id"}
            Language of names and explanations.
        answers : mapping, optional
            Self-assessment answers (:func:`gvc.analytics.readiness.questionnaire`); they
            replace the registry's figures for the fields they answer.
        mode : {"cluster", "enterprise"}
            The questionnaire the answers come from; ``enterprise`` scores one firm from its
            answers alone (plus the cluster's province and KBLI codes).
        """
        record = dict(self.record)
        if mode == "enterprise":  # one firm: the cluster's own figures do not describe it
            record = {k: record.get(k) for k in ("cluster_id", "name", "province", "kbli")}
        if answers:
            record.update(
                rd.answers_to_record(answers, mode=mode, kbli=str(record["kbli"]), lang=lang)
            )
        return rd.readiness(record, weights, self.benchmark_va_per_worker(), lang=lang)

    def opportunities(
        self, weights: Mapping[str, float] | None = None, **options: object
    ) -> pd.DataFrame:
        """Rank the cluster's export opportunities (see :func:`gvc.opportunities.opportunities`).

        Results are memoised per cluster and options for the life of the ``Gvc`` object.
        """
        from gvc import opportunities as opp

        key = (
            f"cluster_opp:{self.registry}:{self.id}:{sorted((weights or {}).items())}:"
            f"{sorted(options.items())}:{hash(repr(sorted(self.record.items())))}"
        )
        return self.con.memo(  # type: ignore[return-value]
            key, lambda: opp.opportunities(self.con, self.record, weights=weights, **options)
        )

    def export(
        self,
        path: str | Path,
        lang: str = "en",
        top: int | None = None,
        weights: Mapping[str, float] | None = None,
    ) -> Path:
        """Write opportunities (and, in Excel, readiness, graduation, profile, columns) to a file.

        Parameters
        ----------
        path : str or Path
            ``.csv`` (the opportunities table) or ``.xlsx`` (sheets opportunities, readiness,
            graduation, cluster, columns).
        lang : {"en", "id"}
            Column labels and the "why" text in English or Bahasa Indonesia.
        top : int, optional
            Keep the best ``top`` opportunities.
        weights : mapping, optional
            Component weights of the opportunity score.
        """
        from gvc import opportunities as opp

        if lang not in ("en", "id"):
            raise InvalidInputError(f"'lang' must be 'en' or 'id' (got {lang!r})")
        table = self.opportunities(weights=weights)
        if top is not None:
            table = table.head(int(top))
        sheets = {
            ("peluang" if lang == "id" else "opportunities"): labelled(table, lang),
            ("kesiapan" if lang == "id" else "readiness"): self.readiness(lang=lang),
            ("graduasi" if lang == "id" else "graduation"): self.graduation(),
            ("klaster" if lang == "id" else "cluster"): self.profile(),
        }
        if not self.firms.empty:
            sheets["usaha" if lang == "id" else "firms"] = self.firm_graduation()
        return opp.export_workbook(sheets, path, lang, columns=column_sheet(lang))

    def export_bytes(
        self,
        fmt: str = "xlsx",
        lang: str = "en",
        top: int | None = None,
        weights: Mapping[str, float] | None = None,
    ) -> bytes:
        """Return what :meth:`export` writes, as bytes (for a download button)."""
        import tempfile

        if fmt not in ("csv", "xlsx"):
            raise InvalidInputError(f"'fmt' must be 'csv' or 'xlsx' (got {fmt!r})")
        with tempfile.TemporaryDirectory() as tmp:
            path = self.export(Path(tmp) / f"{self.id}.{fmt}", lang=lang, top=top, weights=weights)
            return path.read_bytes()

    # -- domestic value chains (added by domestic) --
    def domestic_links(self) -> DomesticLinks:
        """Domestic buyers, input sources and linkages of the cluster (BPS IRIO 2016)."""
        return DomesticService(self.con).cluster_links(self.record)

    def partners(self, top: int | None = 20, lang: str = "en") -> pd.DataFrame:
        """Partnership candidates: exporting buyer industries in the own and nearby provinces."""
        return DomesticService(self.con).cluster_partners(self.record, top=top, lang=lang)


#: Output column -> (English label, Indonesian label, description, source)
COLUMN_LABELS: dict[str, tuple[str, str, str, str]] = {
    "rank": ("Rank", "Peringkat", "Order by combined score", "gvc"),
    "hs4": ("HS code", "Kode HS", "HS 1992 heading (4 digits)", "WCO HS 1992"),
    "product": ("Product", "Produk", "Heading description", "WCO HS 1992 (English)"),
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
    "why": ("Why", "Alasan (EN)", "Plain-language explanation", "gvc"),
    "why_id": ("Why (Indonesian)", "Alasan", "Penjelasan dalam bahasa Indonesia", "gvc"),
}


def labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rename opportunity columns to English or Indonesian labels (``why`` in that language)."""
    out = table.copy()
    if lang == "id":
        out = out.drop(columns=["why"], errors="ignore")
    else:
        out = out.drop(columns=["why_id"], errors="ignore")
    i = 0 if lang == "en" else 1
    return out.rename(columns={c: v[i] for c, v in COLUMN_LABELS.items()})


def column_sheet(lang: str) -> pd.DataFrame:
    """Describe the opportunity columns: label, field, description, source."""
    i = 0 if lang == "en" else 1
    return pd.DataFrame(
        [
            {"label": v[i], "field": k, "description": v[2], "source": v[3]}
            for k, v in COLUMN_LABELS.items()
            if not (k == "why" and lang == "id") and not (k == "why_id" and lang == "en")
        ]
    )


def registry_dir() -> Path:
    """Return the folder where imported cluster registries are saved (created on demand)."""
    path = config.home_dir() / "clusters"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _atomic_csv(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        frame.to_csv(tmp, index=False)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class ClusterMixin:
    """Methods of `gvc.Gvc` for MSE clusters, readiness and opportunities."""

    def _shipped_registries(self: Gvc) -> dict[str, reg.Registry]:
        def build() -> dict[str, reg.Registry]:
            imk = reg.imk_registry(self.sql("cluster_imk"), self.sql("cluster_imk_support"))
            mapping = pd.read_csv(self.data_dir / JABAR_MAPPING, dtype=str, keep_default_na=False)
            jab = reg.jabar_registry(self.sql("cluster_jabar"), mapping)
            return {
                "bps_imk2025": reg.Registry(imk, source="BPS IMK 2025"),
                "jabar_umkm": reg.Registry(jab, source="Open Data Jabar UMKM"),
            }

        return self.memo("cluster_registries", build)  # type: ignore[return-value]

    def _loaded_registries(self: Gvc) -> dict[str, reg.Registry]:
        with self._lock:
            if "_cluster_loaded" in self.__dict__:
                return self.__dict__["_cluster_loaded"]
        loaded: dict[str, reg.Registry] = {}
        folder = registry_dir()
        for path in sorted(folder.glob("*.clusters.csv")):
            label = path.name[: -len(".clusters.csv")]
            firms = path.with_name(f"{label}.firms.csv")
            try:
                r = reg.load_registry(path, firms=firms if firms.is_file() else None)
            except GvcError as err:
                warnings.warn(f"saved cluster registry {path.name} skipped: {err}", stacklevel=3)
                continue
            loaded[label] = r
        with self._lock:
            return self.__dict__.setdefault("_cluster_loaded", loaded)

    def clusters(self: Gvc, registry: str | None = None) -> pd.DataFrame:
        """List the clusters: shipped registries and those loaded in this session.

        Parameters
        ----------
        registry : str, optional
            Only this registry (``bps_imk2025``, ``jabar_umkm`` or a loaded file's name).

        Returns
        -------
        DataFrame
            Columns registry plus the registry fields (:data:`gvc.clusters_registry.FIELDS`),
            unknown_fields and derived_fields.
        """
        regs = {**self._shipped_registries(), **self._loaded_registries()}
        if registry is not None:
            if registry not in regs:
                raise unknown_code("cluster registry", registry, regs, "bps_imk2025")
            regs = {registry: regs[registry]}
        frames = [r.clusters.assign(registry=name) for name, r in regs.items()]
        out = pd.concat(frames, ignore_index=True)
        return out[["registry", *[c for c in out.columns if c != "registry"]]]

    def cluster(self: Gvc, cluster_id: str) -> Cluster:
        """Return one cluster by id (loaded registries first, then the shipped ones)."""
        regs = {**self._loaded_registries(), **self._shipped_registries()}
        for name, r in regs.items():
            hit = r.clusters[r.clusters["cluster_id"] == cluster_id]
            if not hit.empty:
                firms = r.firms[r.firms["cluster_id"] == cluster_id].reset_index(drop=True)
                rec = {
                    k: (None if isinstance(v, float) and math.isnan(v) else v)
                    for k, v in hit.iloc[0].to_dict().items()
                }
                return Cluster(self, rec, firms, name)
        ids = [i for r in regs.values() for i in r.clusters["cluster_id"]]
        raise unknown_code("cluster id", cluster_id, ids, "jabar-3205-batik")

    def load_clusters(
        self: Gvc,
        source: bytes | str | Path,
        filename: str | None = None,
        firms: bytes | str | Path | None = None,
        name: str | None = None,
        persist: bool = False,
    ) -> pd.DataFrame:
        """Read, validate and register a cluster registry (CSV or Excel, a path or bytes).

        Beyond the file checks of :func:`gvc.clusters_registry.load_registry`, the provinces
        must be BPS province names and every KBLI/ISIC code and HS code must exist in the loaded
        classifications. The registry stays available to ``clusters()``/``cluster()`` for the
        life of this ``Gvc`` object; with ``persist=True`` it is also saved (normalised CSV under
        ``$GVC_HOME/clusters/``) and loaded by every later session.

        Parameters
        ----------
        source : bytes, str or Path
            The file or its content (an app upload).
        filename : str, optional
            The upload's file name (gives the format).
        firms : bytes, str or Path, optional
            A separate CSV of per-firm records.
        name : str, optional
            The registry name (default: the file name without suffix).
        persist : bool
            Save the registry for later sessions.

        Returns
        -------
        DataFrame
            The validated clusters (as :meth:`clusters` shows them).
        """
        provinces = self.memo(
            "cluster_provinces", lambda: sorted(set(self.sql("cluster_imk")["province"]))
        )
        r = reg.load_registry(source, filename=filename, firms=firms, provinces=provinces)  # type: ignore[arg-type]
        self._check_codes(r)
        label = (
            name
            or Path(filename or (source if not isinstance(source, bytes) else "upload")).stem
            or "upload"
        )
        if not reg._ID.match(label):
            raise InvalidInputError(
                f"'name': registry names use letters, digits, '-' and '_' (got {label!r})"
            )
        if label in REGISTRIES:
            raise InvalidInputError(f"'name': {label!r} is a shipped registry; choose another")
        if persist:
            folder = registry_dir()
            _atomic_csv(r.clusters, folder / f"{label}.clusters.csv")
            firms_file = folder / f"{label}.firms.csv"
            if r.firms.empty:
                firms_file.unlink(missing_ok=True)
            else:
                _atomic_csv(r.firms, firms_file)
        loaded = self._loaded_registries()
        with self._lock:
            loaded[label] = r
        return self.clusters(label)

    def remove_clusters(self: Gvc, name: str) -> None:
        """Forget a loaded registry (and delete its saved copy, if any)."""
        loaded = self._loaded_registries()
        if name not in loaded:
            raise unknown_code("loaded cluster registry", name, loaded, "my-clusters")
        with self._lock:
            loaded.pop(name, None)
        for suffix in (".clusters.csv", ".firms.csv"):
            (registry_dir() / f"{name}{suffix}").unlink(missing_ok=True)

    def _check_codes(self: Gvc, r: reg.Registry) -> None:
        codes = self.memo("cluster_codes", lambda: self.sql("cluster_codes"))
        isic = set(codes.loc[codes["kind"] == "isic4", "code"])  # type: ignore[index]
        hs = set(codes.loc[codes["kind"] == "hs", "code"])  # type: ignore[index]
        errors = []
        for i, rec in enumerate(r.clusters.to_dict("records")):
            for code in rd._codes(rec.get("kbli")):
                if code[:4] not in isic:
                    errors.append(
                        f"clusters row {i + 2} ({rec['cluster_id']!r}): KBLI/ISIC "
                        f"code {code!r} is not an ISIC Rev.4 class or division"
                    )
            for code in rd._codes(rec.get("hs_products")):
                if code not in hs:
                    errors.append(
                        f"clusters row {i + 2} ({rec['cluster_id']!r}): HS code "
                        f"{code!r} is in no loaded HS revision"
                    )
        if errors:
            shown = errors[: reg.MAX_ERRORS]
            more = f"; and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
            raise ImportValidationError(
                f"{r.source}: {len(errors)} problem(s): " + "; ".join(shown) + more
            )

    def cluster_questionnaire(
        self: Gvc, mode: str = "cluster", lang: str = "en"
    ) -> list[dict[str, object]]:
        """Return the export-readiness self-assessment questions (see ``readiness``)."""
        return rd.questionnaire(mode, lang)
