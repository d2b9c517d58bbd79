"""The inputs of the market analyses: flows, RCA basis, corrections (growth, tariffs, distance).

:class:`MarketData` gathers them from the snapshot (``gvc/sql/market_*.sql``) and from files the
user gives; the arithmetic on them is :mod:`gvc.analytics.market_inputs` and
:mod:`gvc.analytics.export_potential`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

import numpy as np
import pandas as pd

from gvc import groups, validate
from gvc.analytics import complexity as cx
from gvc.analytics import export_potential as ep
from gvc.analytics import market_inputs as mi
from gvc.errors import DataNotFoundError, InvalidInputError
from gvc.i18n import Message
from gvc.services.data import DataService
from gvc.services.io import IOService
from gvc.services.store import Store

Grain = Literal["hs", "io"]
Growth = Literal["imports", "gdp"]
GRAINS = ("hs", "io")
GROWTH_SUBJECTS = {"imports": "TM_RPCH", "gdp": "NGDP_RPCH"}
#: The `exports` source of exporter totals by HS chapter (chapter RCA, world market size).
CHAPTER_SOURCE = "baci_hs92_hs2"
#: Sources that cover a single exporter cannot give world market shares.
BPS_SOURCE = "bps_exim_agrifood"
#: Flows with fewer products than this do not cover an exporter's basket: RCA then comes from the
#: chapter totals of CHAPTER_SOURCE.
MIN_PRODUCTS_FOR_RCA = 100
#: (source, year) flow frames remembered per snapshot (a year and the one before it).
FLOW_MEMO_SIZE = 2
#: WEO projections end here.
LAST_PROJECTION_YEAR = 2030
#: EU member states when the WTO MFN table was published (2017-2018: EU28, incl. GBR), used to
#: expand the importer 'EUN' (the EU's common external tariff applies to each member).
EU28 = list(groups.EU28)
#: IO region codes that differ from ISO3 (gvc's ingest already maps WIOD's ROM to ROU; imported
#: tables may still use other spellings).
IO_REGION_ISO3 = {"ROM": "ROU"}

TableInput: TypeAlias = pd.DataFrame | str | Path


@dataclass
class MarketInputs:
    """The flows of one grain, source and year with what the corrections need."""

    grain: str
    source: str
    year: int
    unit: str
    flows: pd.DataFrame
    #: the earlier year: bilateral flows (IO grain), or exports by exporter and product with
    #: importer 'WLD' (HS grain, :meth:`MarketData.exports`): supply growth needs no more
    past_flows: pd.DataFrame | None
    past_year: int | None
    rca: pd.DataFrame | None
    rca_basis: Literal["flows", "chapter", "none"]
    names: dict[str, str]
    notes: list[Message] = field(default_factory=list)

    @property
    def products(self) -> list[str]:
        """Return the sorted product (or sector) codes of the flows."""
        return sorted(self.flows["product"].unique())


def flow_sources(store: Store) -> pd.DataFrame:
    """Return the bilateral trade sources by year (``market_flow_sources``), once per snapshot.

    The query counts distinct exporters, importers and products over every flow (1.5 s over a
    100-million-row BACI release), and each market or cluster call asks for it.
    """
    frame = store.memo("market_flow_sources", lambda: store.sql("market_flow_sources"))
    return frame.copy(deep=False)


def read_table(value: TableInput, name: str) -> pd.DataFrame:
    """Return a user table given as a DataFrame or a ``.csv``/``.parquet`` path."""
    if isinstance(value, pd.DataFrame):
        return value
    if not isinstance(value, str | Path):
        raise InvalidInputError(
            f"{name!r}: expected a DataFrame or a file path (got {type(value).__name__})"
        )
    if len(str(value)) > 4096:
        raise InvalidInputError(
            f"{name!r}: expected a file path (got {len(str(value))} characters)"
        )
    path = Path(value)
    if not path.is_file():
        raise InvalidInputError(f"{name!r}: file {str(path)!r} does not exist")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix in (".csv", ".txt"):
        return pd.read_csv(path, dtype=str)
    raise InvalidInputError(f"{name!r}: expected a .csv or .parquet file (got {path.name!r})")


def _norm_columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(
        columns={c: str(c).strip().lower().replace(" ", "_") for c in frame.columns}
    )


class MarketData:
    """Reading the inputs of the market analyses.

    Parameters
    ----------
    store : Store
        The snapshot.
    data : DataService
        The IO catalogue.
    io : IOService
        The IO base tables (``grain="io"``).
    """

    def __init__(self, store: Store, data: DataService, io: IOService) -> None:
        self.store = store
        self.data = data
        self.io = io

    def market_source(self, year: int, source: str | None) -> str:
        """Return the ``trade_flows`` source to use for ``year`` (several exporters needed)."""
        sources = flow_sources(self.store)
        usable = sources[(sources["exporters"] >= 2).to_numpy()]
        if source is not None:
            src = validate.choice("source", source, sorted(set(sources["source"])))
            if src not in set(usable["source"]):
                raise InvalidInputError(
                    f"'source': {src} covers a single exporter, so world market shares cannot be "
                    "computed (use current_markets() for it)"
                )
            if year not in set(usable.loc[usable["source"] == src, "year"]):
                years = sorted(usable.loc[usable["source"] == src, "year"])
                raise DataNotFoundError(
                    f"'year': {year} is not loaded for source {src} "
                    f"(loaded: {', '.join(map(str, years))})"
                )
            return src
        hit = usable[(usable["year"] == year).to_numpy()]
        if hit.empty:
            spans = "; ".join(
                f"{s}: {', '.join(map(str, sorted(g['year'])))}"
                for s, g in usable.groupby("source")
            )
            raise DataNotFoundError(f"'year': no bilateral trade source holds {year} ({spans})")
        return str(hit.sort_values("rows", ascending=False)["source"].iloc[0])

    def flows(self, source: str, year: int) -> pd.DataFrame:
        """Return the flows of one source and year (exporter, importer, product, value).

        The last :data:`FLOW_MEMO_SIZE` (source, year) frames of the snapshot are remembered: a
        cluster's opportunity list asks for one product after another of the same year (51 for
        Garut batik), and a BACI year is millions of rows. Text columns are Categoricals
        (:meth:`Store.sql_coded`). Callers get their own (shallow, copy-on-write) frame.
        """
        frame = self.store.recall(
            "market_flows", (str(source), int(year)),
            lambda: self.store.sql_coded("market_flows", source=source, year=year),
            FLOW_MEMO_SIZE,
        )
        return frame.copy(deep=False)

    def exports(self, source: str, year: int) -> pd.DataFrame:
        """Return each exporter's exports by product of one source and year (importer 'WLD').

        The RCA and world shares of supply growth need exporter x product totals only: summed
        in the database (``market_exports``), a BACI year is a tenth of its bilateral rows. The
        last :data:`FLOW_MEMO_SIZE` years are remembered like :meth:`flows`.
        """
        frame = self.store.recall(
            "market_exports", (str(source), int(year)),
            lambda: self.store.sql_coded("market_exports", source=source, year=year),
            FLOW_MEMO_SIZE,
        )
        return frame.copy(deep=False)

    def product_rows(self, source: str, year: int, prefix: str) -> pd.DataFrame:
        """Return the flows of products whose code starts with ``prefix`` (a slice, no scan).

        The rows are indexed by product once per (source, year) (an int32 row order and where
        each product starts, not a sorted copy of the year); a prefix is then a binary search
        over the few thousand product codes, where a mask over a BACI year (millions of codes)
        took a second per product.
        """

        def build() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            # only an index is kept beside the remembered flows (no sorted copy of the year):
            # the row order by product, where each product's rows start, the product codes
            cat = pd.Categorical(self.flows(source, year)["product"])
            cat = cat.reorder_categories(sorted(cat.categories))  # codes in product order
            codes = np.asarray(cat.codes)
            order = np.argsort(codes, kind="stable").astype(np.int32)
            starts = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=len(
                cat.categories)))]).astype(np.int64)
            return order, starts, np.asarray(cat.categories, dtype=object)

        order, starts, products = self.store.recall(
            "market_flows_by_product", (str(source), int(year)), build, FLOW_MEMO_SIZE
        )
        lo = int(np.searchsorted(products, prefix, side="left"))
        hi = int(np.searchsorted(products, prefix + "\U0010ffff", side="left"))
        rows = np.sort(order[starts[lo]:starts[hi]])  # in the flows' own order
        return self.flows(source, year).take(rows).reset_index(drop=True)

    def hs_inputs(self, year: int, source: str | None, past_year: int | None) -> MarketInputs:
        """Return the HS-grain inputs of ``year`` (flows, earlier flows, RCA basis, names)."""
        src = self.market_source(year, source)
        flows = self.flows(src, year)
        n_products = flows["product"].nunique()
        notes: list[Message] = [Message("mnote.flows", source=src, year=year)]
        sources = flow_sources(self.store)
        earlier = sorted(int(y) for y in sources.loc[sources["source"] == src, "year"] if y < year)
        if past_year is not None:
            if past_year not in earlier:
                raise DataNotFoundError(
                    f"'past_year': {past_year} is not an earlier year of {src} "
                    f"(earlier years: {', '.join(map(str, earlier)) or 'none'})"
                )
        elif earlier:
            past_year = earlier[-1]
        past = None if past_year is None else self.exports(src, past_year)
        rca: pd.DataFrame | None = None
        basis: Literal["flows", "chapter", "none"] = "flows"
        if n_products < MIN_PRODUCTS_FOR_RCA:
            chapters = self.chapter_rca(year)
            if chapters is None:
                basis = "none"
                notes.append(Message("mnote.rca_none", n=n_products, source=CHAPTER_SOURCE,
                                     year=year))
            else:
                prods = pd.DataFrame({"product": sorted(flows["product"].unique())})
                prods["chapter"] = prods["product"].str[:2]
                rca = chapters.merge(prods, on="chapter")[["exporter", "product", "rca"]]
                basis = "chapter"
                notes.append(Message("mnote.rca_chapter", source=CHAPTER_SOURCE, year=year))
        names = self.store.sql("market_product_names", codes=sorted(flows["product"].unique()))
        return MarketInputs(
            grain="hs", source=src, year=year, unit="USD", flows=flows, past_flows=past,
            past_year=past_year, rca=rca, rca_basis=basis,
            names=dict(zip(names["product"], names["description"], strict=True)), notes=notes,
        )

    def chapter_rca(self, year: int) -> pd.DataFrame | None:
        """Return the exporters' RCA by HS chapter from :data:`CHAPTER_SOURCE` (None if absent)."""
        totals = self.store.sql("market_chapter_exports", source=CHAPTER_SOURCE, year=year)
        if totals.empty:
            return None
        r = ep.rca(totals.assign(importer="WLD"))
        return r.rename(columns={"product": "chapter"})[["exporter", "chapter", "rca"]]

    def io_inputs(self, io_table: str, year: int, past_year: int | None) -> MarketInputs:
        """Return the IO-grain inputs: sector sales abroad of one MRIO year (and an earlier one)."""
        name, year = self.data.check_io_table(io_table, year)
        t = self.io.base_table(name, year)
        flows = ep.flows_from_io(t.Z, t.Y, t.regions, t.sectors)
        years = self.data.io_years(name)
        if past_year is None:
            earlier = [y for y in years if y < year]
            past_year = (year - 5) if (year - 5) in earlier else (earlier[0] if earlier else None)
        elif past_year not in years or past_year >= year:
            raise DataNotFoundError(
                f"'past_year': {past_year} is not an earlier year of "
                f"{name} (loaded: {years[0]}-{years[-1]})"
            )
        past = None
        if past_year is not None:
            pt = self.io.base_table(name, past_year)
            past = ep.flows_from_io(pt.Z, pt.Y, pt.regions, pt.sectors)
        neg = flows.attrs.get("negative_cells", 0)
        return MarketInputs(
            grain="io", source=name, year=year, unit="million USD", flows=flows, past_flows=past,
            past_year=past_year, rca=None, rca_basis="flows", names=dict(t.sector_names),
            notes=[
                Message("mnote.flows_io_negative", name=name, year=year, n=neg) if neg
                else Message("mnote.flows_io", name=name, year=year)
            ],
        )

    def demand_growth(
        self,
        markets: list[str],
        year: int,
        horizon: int,
        growth: str | None,
        projections: TableInput | None,
        alias: Mapping[str, str],
    ) -> tuple[pd.DataFrame | None, Message | None]:
        """Return the markets' demand growth factors over the horizon and the note saying so."""
        if growth is None or horizon == 0:
            return None, None
        subject = GROWTH_SUBJECTS[validate.choice("growth", growth, list(GROWTH_SUBJECTS))]
        last = min(year + horizon, LAST_PROJECTION_YEAR)
        if projections is not None:
            proj = _norm_columns(read_table(projections, "projections"))
            if "iso3" not in proj.columns and "importer" in proj.columns:
                proj = proj.rename(columns={"importer": "iso3"})
            if not {"iso3", "year", "value"} <= set(proj.columns):
                raise InvalidInputError(
                    "'projections' must have columns iso3 (or importer), year, value (annual "
                    f"percent change) and optionally subject (got {', '.join(proj.columns)})"
                )
            if "subject" in proj.columns:
                proj = proj[(proj["subject"].astype(str) == subject).to_numpy()]
            proj = proj.assign(
                year=pd.to_numeric(proj["year"], errors="coerce"),
                value=pd.to_numeric(proj["value"], errors="coerce"),
            )
            proj = proj[proj["year"].between(year + 1, last).to_numpy()]
            origin = Message("mnote.origin_file")
        else:
            proj = self.store.sql("market_weo", subject=subject, first_year=year + 1,
                                  last_year=last)
            origin = Message("mnote.origin_weo")
        if last <= year or proj.empty:
            return None, Message("mnote.demand_none", subject=subject, first=year + 1, last=last)
        factor = mi.compound_growth(proj, year, last)
        frame = pd.DataFrame(
            {
                "importer": mi.rename_codes(pd.Series(factor.index, dtype=object), alias)
                .to_numpy(),
                "growth_factor": factor.to_numpy(),
            }
        )
        covered = int(frame["importer"].isin(markets).sum())
        note = Message(
            "mnote.demand", subject=subject,
            what=Message("mnote.what_import_volume" if subject == "TM_RPCH"
                         else "mnote.what_real_gdp"),
            first=year + 1, last=last, origin=origin, covered=covered, markets=len(markets),
        )
        if last < year + horizon:
            note = Message("mnote.demand_cut", note=note, year=LAST_PROJECTION_YEAR)
        return frame, note

    def tariffs(
        self, info: MarketInputs, tariffs: TableInput | bool | None, alias: Mapping[str, str]
    ) -> tuple[pd.DataFrame | None, Message | None]:
        """Return the tariff table (importer, product, tariff[, exporter]) and its note."""
        if tariffs is None or tariffs is False:
            return None, None
        if isinstance(tariffs, str) and tariffs == "mfn":
            if info.grain == "io":
                mfn = self.store.sql("market_io_tariffs", io_table=info.source, year=info.year)
                mfn = mfn.rename(columns={"sector": "product"})
            else:
                mfn = mi.chapter_rates(self.store.sql("market_tariffs_mfn", year=info.year),
                                       info.products)
            if mfn.empty:
                return None, Message("mnote.tariffs_none")
            tyear = int(mfn["year"].iloc[0])
            expanded = mi.expand_union(mfn, "EUN", EU28)
            expanded["importer"] = mi.rename_codes(expanded["importer"], alias)
            note = Message("mnote.tariffs_mfn", year=tyear,
                           how=Message("mnote.how_io" if info.grain == "io" else "mnote.how_hs"))
            return expanded[["importer", "product", "tariff"]], note
        frame = _norm_columns(read_table(tariffs, "tariffs"))
        frame = frame.rename(
            columns={
                "reporter_iso3": "importer",
                "partner_iso3": "exporter",
                "simple_average": "tariff",
                "hs_code": "product",
            }
        )
        if not {"importer", "product", "tariff"} <= set(frame.columns):
            raise InvalidInputError(
                "'tariffs' must have columns importer, product, tariff (ad valorem percent) and "
                f"optionally exporter (got {', '.join(frame.columns)})"
            )
        frame = frame.assign(
            product=frame["product"].astype(str).str.strip(),
            importer=mi.rename_codes(frame["importer"].astype(str), alias),
        )
        if "exporter" in frame.columns:
            frame["exporter"] = mi.rename_codes(frame["exporter"].astype(str), alias)
        # a code shorter than the flows' products applies to every product under it
        full = mi.match_prefixes(frame, info.products)
        return full, Message("mnote.tariffs_table")

    def distances(self, alias: Mapping[str, str]) -> tuple[pd.DataFrame, Message]:
        """Return the CEPII bilateral distances (exporter, importer, distance) and their note."""
        d = self.store.sql("market_distances")
        d["exporter"] = mi.rename_codes(d["exporter"], alias)
        d["importer"] = mi.rename_codes(d["importer"], alias)
        return d, Message("mnote.distance_geodist")

    def supply_growth(self, info: MarketInputs) -> tuple[pd.DataFrame | None, Message | None]:
        """Return the annual RCA (or world-share) growth of the exporters and its note."""
        past = info.past_flows
        if past is None or past.empty or info.past_year is None:
            return None, Message("mnote.supply_none")
        years = info.year - info.past_year
        if info.rca_basis == "flows":
            now, before, what, col = ep.rca(info.flows), ep.rca(past), "mnote.what_rca", "rca"
        else:
            now, before = mi.world_shares(info.flows), mi.world_shares(past)
            what, col = "mnote.what_share", "share"
        g = ep.annual_growth(now, before, years, column=col)
        return g, Message("mnote.supply", what=Message(what), first=info.past_year,
                          last=info.year)

    def flow_density(self, code: str, info: MarketInputs) -> pd.DataFrame:
        """Return the product-space density of ``code`` from the RCA of the flows themselves."""
        cube = ep.TradeCube.from_flows(info.flows)
        r = ep.rca_matrix(cube.Xik)
        M = (np.nan_to_num(r) >= 1.0).astype(float)
        dens = cx.density(M, cx.proximity(M))
        i = int(np.searchsorted(cube.exporters, code))
        return pd.DataFrame({"product": cube.products.astype(str), "density": dens[i]})

    def sector_keys(self, table: str, value: object) -> list[str]:
        """Return the sector code of IO table ``table`` given as code, ISIC basis or name."""
        from gvc.errors import unknown_code

        sectors = self.io.sectors(table)
        s = validate.text("sector", value).strip()
        for col in ("sector", "code", "name"):
            hit = sectors[sectors[col].astype(str).str.lower() == s.lower()]
            if not hit.empty:
                return [str(hit["sector"].iloc[0])]
        raise unknown_code(f"sector of IO table {table}", s, sectors["sector"].tolist(), "c6")

    def region_names(self) -> dict[str, str]:
        """Return ISO3 -> country name, plus ROW (rest of the world)."""

        def load() -> dict[str, str]:
            df = self.store.sql("market_region_names")
            names = {str(c): str(n or "") for c, n in zip(df["iso3"], df["name"], strict=True)}
            names.update({"ROW": "Rest of the world"})
            return names

        return self.store.memo("market_region_names", load)
