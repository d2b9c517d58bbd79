"""The cluster service: MSE cluster registries, graduation, readiness and opportunities.

``con.clusters()`` lists the shipped registries (built from the embedded BPS data: 38 provinces'
micro and small manufacturing, BPS IMK 2025; West Java UMKM categories by regency, Open Data
Jabar) and the registries of the user's :class:`Registries` (loaded with
``con.load_clusters(...)``). ``con.cluster(id)`` returns a :class:`Cluster` with
``.graduation()``, ``.readiness()``, ``.opportunities()`` and ``.export(path)``.
"""

from __future__ import annotations

import math
import re
import tempfile
import threading
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Literal

import pandas as pd

from gvc import clusters_registry as reg
from gvc import i18n
from gvc.analytics import graduation as grad
from gvc.analytics import readiness as rd
from gvc.clusters import atomic_csv, column_sheet, labelled, registry_dir
from gvc.errors import GvcError, ImportValidationError, InvalidInputError, unknown_code
from gvc.services.complexity import ComplexityService
from gvc.services.domestic import DomesticLinks, DomesticService, domestic_sentence
from gvc.services.io import IOService
from gvc.services.markets import MarketService
from gvc.services.store import Store

JABAR_MAPPING = "concordances/jabar_umkm_category_to_kbli_hs.csv"
REGISTRIES = ("bps_imk2025", "jabar_umkm")
Lang = Literal["en", "id"]
Mode = Literal["cluster", "enterprise"]


def _brief_reason(r: Mapping[str, object], lang: Lang) -> str:
    """Return the short reason of an opportunity row for the brief (the "why" says it all)."""
    roles = str(r["roles"]).split("+")
    if "made" in roles:
        return i18n.text("reason.made", lang)
    if "adjacent" in roles:
        text = str(r["relatedness_components" if lang == "en" else "relatedness_components_id"])
        parts = re.split(r", (?!')", text)  # components, not the quoted shared words
        why = ", ".join(parts[:2])
        return i18n.text("reason.adjacent", lang, near=r["nearest_product"], why=why)
    if "supplier" in roles:
        return i18n.text("reason.supplier", lang)
    return i18n.text("reason.activity", lang)


def _short_label(label: str) -> str:
    """Return a registry field's label without its parenthesised details ("Cluster name")."""
    return label.split(" (")[0].split(";")[0].strip() or label


class Registries:
    """One user's loaded cluster registries (an app session's uploads, saved registries).

    Parameters
    ----------
    loaded : mapping, optional
        Registries to start with; default: the registries saved under ``$GVC_HOME/clusters``,
        read on first use.
    taken : callable, optional
        Returns the cluster ids of the shipped registries (id -> registry): a saved registry
        reusing one is skipped with a warning instead of shadowing the shipped cluster.
    """

    def __init__(
        self,
        loaded: Mapping[str, reg.Registry] | None = None,
        taken: Callable[[], Mapping[str, str]] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._loaded: dict[str, reg.Registry] | None = None if loaded is None else dict(loaded)
        self._taken = taken

    def loaded(self) -> dict[str, reg.Registry]:
        """Return a copy of name -> registry (saved registries read on first use)."""
        with self._lock:
            if self._loaded is None:
                self._loaded = _read_saved(self._taken() if self._taken else None)
            return dict(self._loaded)

    def add(self, name: str, registry: reg.Registry) -> None:
        """Register (or replace) ``name``."""
        self.loaded()
        with self._lock:
            assert self._loaded is not None
            self._loaded[name] = registry

    def remove(self, name: str) -> bool:
        """Forget ``name``; return whether it was loaded."""
        self.loaded()
        with self._lock:
            assert self._loaded is not None
            return self._loaded.pop(name, None) is not None

    def copy(self) -> Registries:
        """Return an independent copy holding the same registries."""
        return Registries(self.loaded())


def _read_saved(taken: Mapping[str, str] | None = None) -> dict[str, reg.Registry]:
    """Read the saved registries.

    One that fails validation or reuses a cluster id of a shipped registry (``taken``: id ->
    registry) or of an earlier saved one is skipped with a warning.
    """
    loaded: dict[str, reg.Registry] = {}
    owners = dict(taken or {})
    for path in sorted(registry_dir().glob("*.clusters.csv")):
        label = path.name[: -len(".clusters.csv")]
        firms = path.with_name(f"{label}.firms.csv")
        try:
            r = reg.load_registry(path, firms=firms if firms.is_file() else None)
            _check_ids_free(r, owners, path.name)
        except GvcError as err:
            warnings.warn(f"saved cluster registry {path.name} skipped: {err}", stacklevel=4)
            continue
        owners.update(dict.fromkeys(r.clusters["cluster_id"].astype(str), label))
        loaded[label] = r
    return loaded


def _check_ids_free(r: reg.Registry, owners: Mapping[str, str], source: str) -> None:
    """Refuse a registry whose cluster ids another registry (id -> its name) already uses."""
    errors = reg._Errors(source)
    for i, cid in enumerate(r.clusters["cluster_id"].astype(str)):
        if cid in owners:
            errors.add(i18n.Message("err.reg.id_taken", row=i + 2, cid=cid, owner=owners[cid]))
    errors.raise_if_any()


class OpportunityInputs:
    """What :func:`gvc.opportunities.opportunities` reads: the snapshot and four analyses.

    Parameters
    ----------
    store : Store
        ``sql``, ``memo`` and ``data_dir``.
    complexity, io, markets : services
        ``complexity``/``proximity``, ``io`` and ``export_potential``/``market_targets``.
    """

    def __init__(self, store: Store, complexity: ComplexityService, io: IOService,
                 markets: MarketService) -> None:
        self.store = store
        self.data_dir = store.data_dir
        self.sql = store.sql
        self.memo = store.memo
        self.complexity = complexity.complexity
        self.proximity = complexity.proximity
        self.io = io.io
        self.export_potential = markets.export_potential
        self.market_targets = markets.market_targets
class Cluster:
    """One MSE cluster of a registry with its analyses.

    Parameters
    ----------
    record : mapping
        The registry record.
    firms : DataFrame
        Its per-firm records (may be empty).
    registry : str
        The registry's name.
    inputs : OpportunityInputs
        The snapshot and the analyses the opportunities combine.
    """

    def __init__(self, record: Mapping[str, object], firms: pd.DataFrame, registry: str,
                 inputs: OpportunityInputs,
                 shipped: Callable[[str], Mapping[str, object] | None] | None = None) -> None:
        self.inputs = inputs
        self._shipped = shipped
        self.store = inputs.store
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

    def name_in(self, lang: str) -> str:
        """Return the cluster's name in ``lang`` (the registry's ``name_id`` in Indonesian)."""
        from gvc.registry.profile import in_language

        return str(in_language(self.record, lang)["name"])

    @property
    def unknown_fields(self) -> list[str]:
        """Return the optional fields the source does not give."""
        return [f for f in str(self.record.get("unknown_fields") or "").split(";") if f]

    def __repr__(self) -> str:
        return f"Cluster({self.id!r}, {self.name!r}, registry={self.registry!r})"

    def _size_definitions(self) -> pd.DataFrame:
        return self.store.memo(
            "cluster_size_definitions", lambda: self.store.sql("cluster_size_definitions")
        )

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
        defs = self._size_definitions()
        return grad.graduation_profile(self.record, defs, self.firms)

    def firm_graduation(self) -> pd.DataFrame:
        """Classify the cluster's per-firm records (empty without records).

        See :func:`gvc.analytics.graduation.firm_graduation`.
        """
        defs = self._size_definitions()
        if self.firms.empty:
            return pd.DataFrame(columns=["firm_id"])
        return grad.firm_graduation(self.firms, defs)

    def benchmark_va_per_worker(self) -> float | None:
        """Return VA per worker (IDR) of the province's micro and small industry (BPS IMK 2025).

        Falls back to the national figure when the province is not in the table (INDONESIA).
        """
        imk: pd.DataFrame = self.store.memo("cluster_imk", lambda: self.store.sql("cluster_imk"))
        tot = imk[imk["size_class"] == "total"]
        prov = str(self.record.get("province") or "").upper()
        sel = tot[tot["province"] == prov]
        if sel.empty:
            sel = tot
        w = float(sel["workers"].sum())
        return float(sel["value_added_m_idr"].sum()) * 1e6 / w if w else None

    def readiness(
        self,
        weights: Mapping[str, float] | None = None,
        lang: Lang = "en",
        answers: Mapping[str, object] | None = None,
        mode: Mode = "cluster",
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
        prior, label = None, ""
        if mode == "cluster":  # a labelled provincial prior for the shares the registry lacks
            from gvc.registry import profile as pv

            info = pv.gather(self.store, self.record, self.registry, self._shipped)
            prior, label = info["prior"], str(info["prior_label"])
        return rd.readiness(
            record, weights, self.benchmark_va_per_worker(), lang=lang,
            prior=prior,  # type: ignore[arg-type]
            prior_label=label,
        )

    def domestic_links(self) -> DomesticLinks:
        """Domestic buyers, input sources and linkages of the cluster (BPS IRIO 2016).

        See :meth:`gvc.services.domestic.DomesticService.cluster_links`.
        """
        return DomesticService(self.store).cluster_links(self.record)

    def partners(self, top: int | None = 20, lang: Lang = "en") -> pd.DataFrame:
        """Partnership candidates: exporting buyer industries in the own and nearby provinces.

        See :meth:`gvc.services.domestic.DomesticService.cluster_partners`.
        """
        return DomesticService(self.store).cluster_partners(self.record, top=top, lang=lang)

    def profile_view(self, lang: Lang = "en") -> pd.DataFrame:
        """Return the profile as text for people (field, label, value, unit, basis).

        No None or NaN cell; an unknown field gets a sentence naming the template column that
        adds it; a labelled provincial prior where BPS IMK 2025 gives one. See
        :func:`gvc.registry.profile.profile_view`.
        """
        from gvc.registry import profile as pv

        info = pv.gather(self.store, self.record, self.registry, self._shipped, lang)
        return pv.profile_view(pv.in_language(self.record, lang), lang, **info)  # type: ignore[arg-type]

    def readiness_view(self, lang: Lang = "en") -> pd.DataFrame:
        """Return :meth:`readiness` as text for people (no None/NaN cell)."""
        from gvc.registry import profile as pv

        return pv.readiness_view(self.readiness(lang=lang), lang)

    def graduation_view(self, lang: Lang = "en") -> pd.DataFrame:
        """Return :meth:`graduation` as text for people (no None/NaN cell)."""
        from gvc.registry import profile as pv

        return pv.graduation_view(self.graduation(), lang)

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
        def compute() -> pd.DataFrame:
            table = opp.opportunities(self.inputs, self.record, weights=weights, **options)  # type: ignore[arg-type]
            return self._with_domestic_chain(table)

        return self.store.memo(key, compute)

    def adjacent(
        self, top: int = 20, relatedness_weights: Mapping[str, float] | None = None
    ) -> pd.DataFrame:
        """Return the products most related to what the cluster makes, with the components.

        See :func:`gvc.opportunities.adjacent_products` (product space, shared inputs, HS
        hierarchy, HS texts and the cluster's KBLI activities, each on 0-1, and the "why" in
        English and Indonesian).
        """
        from gvc import opportunities as opp

        return opp.adjacent_products(
            self.inputs, self.record, top=top, relatedness_weights=relatedness_weights  # type: ignore[arg-type]
        )

    def domestic_chain_text(self, lang: Lang = "en") -> str:
        """One sentence on the cluster's domestic chain (BPS IRIO 2016).

        Who buys the province industry's output and where its inputs come from; empty when no
        IRIO industry maps to the cluster.
        """
        try:
            links = self.domestic_links()
        except GvcError:
            return ""
        return domestic_sentence(links.buyers, links.sources, lang)

    def _with_domestic_chain(self, table: pd.DataFrame) -> pd.DataFrame:
        """Append the domestic-chain sentence to the "why" of the products the cluster makes."""
        if table.empty or "roles" not in table:
            return table
        made = table["roles"].astype(str).str.contains("made")
        if not made.any():
            return table
        en, idn = self.domestic_chain_text("en"), self.domestic_chain_text("id")
        if not en:
            return table
        out = table.copy()
        out.loc[made, "why"] = out.loc[made, "why"].astype(str) + " " + en
        out.loc[made, "why_id"] = out.loc[made, "why_id"].astype(str) + " " + idn
        return out

    def export(
        self,
        path: str | Path,
        lang: Lang = "en",
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
        def sheet(name: str) -> str:
            return i18n.text(f"sheet.{name}", lang)

        sheets = {
            sheet("opportunities"): labelled(table, lang),
            sheet("readiness"): self.readiness(lang=lang),
            sheet("graduation"): self.graduation(),
            sheet("cluster"): self.profile_view(lang),
        }
        try:  # the domestic chain of the cluster's own industry (BPS IRIO 2016)
            links = self.domestic_links()
            sheets[sheet("domestic_buyers")] = links.buyers
            sheets[sheet("input_sources")] = links.sources
        except GvcError:
            pass
        if not self.firms.empty:
            sheets[sheet("firms")] = self.firm_graduation()
        return opp.export_workbook(sheets, path, lang, columns=column_sheet(lang))  # gvc.export

    def brief(self, lang: Lang = "en", top: int = 5) -> bytes:
        """Return the cluster brief, a printable PDF in en or id.

        Profile, readiness, the ``top`` opportunities with their next steps per market and the
        domestic chain (see :mod:`gvc.brief`).
        """
        from gvc import validate as val
        from gvc.brief import BriefContent, render
        from gvc.opportunity.explain import split_steps

        if lang not in ("en", "id"):
            raise InvalidInputError(f"'lang' must be 'en' or 'id' (got {lang!r})")
        n = val.integer("top", top, 1, 20)
        prof = self.profile_view(lang)
        known = prof[prof["basis"] != "missing"]
        profile = [
            (_short_label(str(r.label)), str(r.value))
            for r in known.itertuples()
            if r.field not in ("cluster_id", "name", "province", "regency")
        ]
        unknown = prof.loc[prof["basis"] == "missing", "field"].astype(str).tolist()
        ready = self.readiness_view(lang)
        readiness = [(str(r.name), str(r.score), str(r.to_add)) for r in ready.itertuples()]
        opp = self.opportunities().head(n)
        product = "product_id" if lang == "id" else "product"
        steps = "next_steps_id" if lang == "id" else "next_steps"
        rows = [
            (
                str(r["rank"]),
                str(r["hs4"]),
                str(r[product]),
                " + ".join(i18n.text(f"role.{x}", lang) for x in str(r["roles"]).split("+") if x),
                _brief_reason(r, lang),
                f"{float(r['score']):.0f}",
            )
            for r in opp.to_dict("records")
        ]
        lines = [split_steps(v) for v in opp[steps]]
        place = ", ".join(
            str(v).title() for v in (self.record.get("regency"), self.record.get("province")) if v
        )
        content = BriefContent(
            name=self.name_in(lang),
            place=place,
            cluster_id=self.id,
            profile=profile,
            unknown=unknown,
            readiness=readiness,
            opportunities=rows,
            next_steps=lines,
            domestic=self.domestic_chain_text(lang),
            sources=[str(x) for x in opp.attrs.get("notes_id" if lang == "id" else "notes", [])],
        )
        return render(content, lang)

    def export_bytes(
        self,
        fmt: Literal["csv", "xlsx"] = "xlsx",
        lang: Lang = "en",
        top: int | None = None,
        weights: Mapping[str, float] | None = None,
    ) -> bytes:
        """Return what :meth:`export` writes, as bytes (for a download button)."""
        if fmt not in ("csv", "xlsx"):
            raise InvalidInputError(f"'fmt' must be 'csv' or 'xlsx' (got {fmt!r})")
        with tempfile.TemporaryDirectory() as tmp:
            path = self.export(Path(tmp) / f"{self.id}.{fmt}", lang=lang, top=top, weights=weights)
            return path.read_bytes()




class ClusterService:
    """Cluster registries and their analyses; the per-user registries are passed in.

    Parameters
    ----------
    store : Store
        The snapshot (shipped registries, classifications).
    inputs : OpportunityInputs
        What a :class:`Cluster`'s opportunities read.
    """

    def __init__(self, store: Store, inputs: OpportunityInputs) -> None:
        self.store = store
        self.inputs = inputs

    def shipped(self) -> dict[str, reg.Registry]:
        """Return the registries built from the embedded data (memoised)."""
        s = self.store

        def build() -> dict[str, reg.Registry]:
            imk = reg.imk_registry(s.sql("cluster_imk"), s.sql("cluster_imk_support"))
            mapping = pd.read_csv(s.data_dir / JABAR_MAPPING, dtype=str, keep_default_na=False)
            jab = reg.jabar_registry(s.sql("cluster_jabar"), mapping)
            return {
                "bps_imk2025": reg.Registry(imk, source="BPS IMK 2025"),
                "jabar_umkm": reg.Registry(jab, source="Open Data Jabar UMKM"),
            }

        return s.memo("cluster_registries", build)

    def clusters(self, registries: Registries, registry: str | None = None) -> pd.DataFrame:
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
        regs = {**self.shipped(), **registries.loaded()}
        if registry is not None:
            if registry not in regs:
                raise unknown_code("cluster registry", registry, regs, "bps_imk2025")
            regs = {registry: regs[registry]}
        frames = [r.clusters.assign(registry=name) for name, r in regs.items()]
        out = pd.concat(frames, ignore_index=True)
        return out[["registry", *[c for c in out.columns if c != "registry"]]]

    def shipped_ids(self) -> dict[str, str]:
        """Return cluster id -> shipped registry name."""
        return self.store.memo(
            "cluster_shipped_ids",
            lambda: {
                str(cid): name
                for name, r in self.shipped().items()
                for cid in r.clusters["cluster_id"]
            },
        )

    def shipped_record(self, cluster_id: str) -> dict[str, object] | None:
        """Return the record of a shipped cluster, or None."""
        for r in self.shipped().values():
            hit = r.clusters[r.clusters["cluster_id"] == cluster_id]
            if not hit.empty:
                return {str(k): (None if isinstance(v, float) and math.isnan(v) else v)
                        for k, v in hit.iloc[0].to_dict().items()}
        return None

    def cluster(self, registries: Registries, cluster_id: str) -> Cluster:
        """Return one cluster by id (ids are unique across registries; shipped ones first)."""
        regs = {**self.shipped(), **registries.loaded()}
        for name, r in regs.items():
            hit = r.clusters[r.clusters["cluster_id"] == cluster_id]
            if not hit.empty:
                firms = r.firms[r.firms["cluster_id"] == cluster_id].reset_index(drop=True)
                rec = {
                    str(k): (None if isinstance(v, float) and math.isnan(v) else v)
                    for k, v in hit.iloc[0].to_dict().items()
                }
                return Cluster(rec, firms, name, self.inputs, self.shipped_record)
        ids = [i for r in regs.values() for i in r.clusters["cluster_id"]]
        raise unknown_code(i18n.Message("err.what.cluster_id"), cluster_id, ids, "jabar-3205-batik")

    def load_clusters(
        self,
        registries: Registries,
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
        provinces: list[str] = self.store.memo(
            "cluster_provinces", lambda: sorted(set(self.store.sql("cluster_imk")["province"]))
        )
        r = reg.load_registry(source, filename=filename, firms=firms, provinces=provinces)
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
        owners = {
            **self.shipped_ids(),
            **{
                str(cid): name
                for name, other in registries.loaded().items()
                if name != label  # loading a registry again under its name replaces it
                for cid in other.clusters["cluster_id"]
            },
        }
        _check_ids_free(r, owners, str(filename or label))
        if persist:
            folder = registry_dir()
            atomic_csv(r.clusters, folder / f"{label}.clusters.csv")
            firms_file = folder / f"{label}.firms.csv"
            if r.firms.empty:
                firms_file.unlink(missing_ok=True)
            else:
                atomic_csv(r.firms, firms_file)
        registries.add(label, r)
        return self.clusters(registries, label)

    def remove_clusters(self, registries: Registries, name: str) -> None:
        """Forget a loaded registry (and delete its saved copy, if any)."""
        loaded = registries.loaded()
        if name not in loaded:
            raise unknown_code("loaded cluster registry", name, loaded, "my-clusters")
        registries.remove(name)
        for suffix in (".clusters.csv", ".firms.csv"):
            (registry_dir() / f"{name}{suffix}").unlink(missing_ok=True)

    def _check_codes(self, r: reg.Registry) -> None:
        codes: pd.DataFrame = self.store.memo(
            "cluster_codes", lambda: self.store.sql("cluster_codes"))
        from gvc.registry.kbli import kbli_errors  # KBLI 2020 (2-5 digits) or ISIC Rev.4

        hs = set(codes.loc[codes["kind"] == "hs", "code"])
        errors = kbli_errors(r.clusters, self.store.data_dir)
        for i, rec in enumerate(r.clusters.to_dict("records")):
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

    def kbli(self, codes: str | list[str]) -> pd.DataFrame:
        """Look up KBLI 2020 / ISIC Rev.4 codes: Indonesian title and ISIC Rev.4 class.

        See :func:`gvc.registry.kbli.lookup`; an unknown code raises with close matches.
        """
        from gvc.registry.kbli import lookup

        return lookup([codes] if isinstance(codes, str) else codes, self.store.data_dir)

    def cluster_questionnaire(
        self, mode: Mode = "cluster", lang: Lang = "en"
    ) -> list[dict[str, object]]:
        """Return the export-readiness self-assessment questions (see ``readiness``)."""
        return rd.questionnaire(mode, lang)
