"""The market service: export potential, market targets, diversification, current markets.

One code path (:mod:`gvc.analytics.export_potential`) at two grains:

- ``grain="hs"``: HS products x importing markets from the bilateral ``trade_flows`` of one source
  and year (UN Comtrade green coffee on the embedded data, the BACI sample, full BACI/Comtrade once
  imported);
- ``grain="io"``: IO sectors x partner regions from the MRIO's bilateral sector exports (WIOD 2013:
  35 sectors x 41 regions).

Corrections come from the embedded real data where it covers the case (IMF WEO growth, WTO MFN
tariffs, CEPII distances) or from files given by the user; every output says which were applied.
The inputs are read by :class:`gvc.services.market_data.MarketData`; sums and shares are
:mod:`gvc.analytics.market_inputs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gvc import validate
from gvc.analytics import export_potential as ep
from gvc.analytics import market_inputs as mi
from gvc.errors import DataNotFoundError, InvalidInputError, unknown_code
from gvc.i18n import Message
from gvc.services.complexity import ComplexityService
from gvc.services.data import DataService
from gvc.services.io import IOService
from gvc.services.market_data import (
    BPS_SOURCE,
    CHAPTER_SOURCE,
    EU28,
    GRAINS,
    IO_REGION_ISO3,
    Grain,
    Growth,
    MarketData,
    MarketInputs,
    TableInput,
)
from gvc.services.market_fallback import (
    NOT_MARKETS,
    TARGET_COLUMNS,
    fallback_targets,
    missing_reason,
)
from gvc.services.store import Store

__all__ = ["EU28", "MarketService", "PotentialOptions"]

#: The defaults of the ITC corrections (see :mod:`gvc.analytics.export_potential`).
PASS_THROUGH = ep.PASS_THROUGH
TARIFF_ELASTICITY = ep.TARIFF_ELASTICITY
DISTANCE_ELASTICITY = ep.DISTANCE_ELASTICITY
#: How many export-potential frames one snapshot remembers for market_targets (a few MB each).
POTENTIAL_MEMO_SIZE = 6


@dataclass(frozen=True)
class PotentialOptions:
    """The options of :meth:`MarketService.export_potential` besides exporter, year, grain."""

    io_table: str = "wiod2013"
    rca_floor: float | None = 1.0
    horizon: int = 5
    past_year: int | None = None
    pass_through: float = PASS_THROUGH
    growth: Growth | None = "imports"
    projections: TableInput | None = None
    tariffs: TableInput | None = "mfn"
    distances: bool = True
    tariff_elasticity: float = TARIFF_ELASTICITY
    distance_elasticity: float = DISTANCE_ELASTICITY

    @property
    def plain(self) -> bool:
        """Return True when no option is a table or a file (the result may be remembered)."""
        return all(
            isinstance(v, str | int | float | bool | type(None))
            for v in (self.projections, self.tariffs)
        )


class MarketService:
    """Market analytics of one snapshot.

    Parameters
    ----------
    store : Store
        The snapshot.
    data : DataService
        Country checks and the IO catalogue.
    complexity : ComplexityService
        HS-chapter density for diversification when the flows cover few products.
    io : IOService
        IO base tables for ``grain="io"``.
    """

    def __init__(self, store: Store, data: DataService, complexity: ComplexityService,
                 io: IOService) -> None:
        self.store = store
        self.data = data
        self.complexity = complexity
        self.io = io
        self.inputs = MarketData(store, data, io)

    def _exporter(self, exporter: str, info: MarketInputs) -> str:
        """Return the IO region code of ``exporter`` (case-insensitive) in the flows."""
        regions = sorted(info.flows["exporter"].unique())
        lookup = {r.upper(): r for r in regions}
        code = lookup.get(str(exporter).strip().upper())
        if code is None:
            raise unknown_code(f"region of IO table {info.source}", exporter, regions, "IDN")
        return code

    def export_potential(
        self,
        exporter: str,
        year: int,
        grain: Grain = "hs",
        source: str | None = None,
        *,
        io_table: str = "wiod2013",
        rca_floor: float | None = 1.0,
        horizon: int = 5,
        past_year: int | None = None,
        pass_through: float = PASS_THROUGH,
        growth: Growth | None = "imports",
        projections: TableInput | None = None,
        tariffs: TableInput | None = "mfn",
        distances: bool = True,
        tariff_elasticity: float = TARIFF_ELASTICITY,
        distance_elasticity: float = DISTANCE_ELASTICITY,
    ) -> pd.DataFrame:
        """Potential exports of ``exporter`` by product (or sector) and market (ITC method).

        Parameters
        ----------
        exporter : str
            ISO3 code (an IO region code for ``grain="io"``).
        year : int
            Base year of the flows.
        grain : {"hs", "io"}
            HS products x importers from ``trade_flows``, or IO sectors x regions from an MRIO.
        source : str, optional
            The ``trade_flows`` source (``grain="hs"``); default the largest source with several
            exporters holding ``year`` (``comtrade_coffee`` for 2005/2010/2015 on the embedded
            data, ``baci_hs17_sample`` for 2020/2021).
        io_table : str
            The IO table for ``grain="io"`` (default ``"wiod2013"``).
        rca_floor : float or None
            Supply counts products with ``RCA >= rca_floor`` (default 1); None for all.
        horizon : int
            Projection years (default 5; WEO projections end in 2030).
        past_year : int, optional
            Earlier year for the supply trend (default the previous year of the source, or
            ``year - 5`` for IO tables).
        pass_through : float
            Share of the annual RCA (or share) growth carried into the projection.
        growth : {"imports", "gdp"} or None
            Market growth: WEO import volume (TM_RPCH) or real GDP (NGDP_RPCH) growth.
        projections : DataFrame or path, optional
            Replaces WEO: columns iso3 (or importer), year, value (annual percent change) and
            optionally subject.
        tariffs : "mfn", DataFrame, path or None
            "mfn" uses the WTO MFN table (EU expanded to members); a table with columns importer,
            product (any HS length or sector code), tariff (percent) and optionally exporter
            (bilateral/preferential, as in a WITS/TRAINS extract); None for no correction.
        distances : bool
            Apply the CEPII relative-distance correction.
        tariff_elasticity, distance_elasticity : float
            sigma and delta of the corrections.

        Returns
        -------
        DataFrame
            The columns of :func:`gvc.analytics.export_potential.export_potential` for
            ``exporter`` plus name, grain, source, year, unit and corrections (the same text on
            every row, also in ``attrs``). Sorted by untapped potential, largest first.
        """
        opts = PotentialOptions(
            io_table=io_table, rca_floor=rca_floor, horizon=horizon, past_year=past_year,
            pass_through=pass_through, growth=growth, projections=projections, tariffs=tariffs,
            distances=distances, tariff_elasticity=tariff_elasticity,
            distance_elasticity=distance_elasticity,
        )
        return self.potential(exporter, year, grain, source, opts)

    def potential(self, exporter: str, year: int, grain: str, source: str | None,
                  opts: PotentialOptions) -> pd.DataFrame:
        """Return :meth:`export_potential` for an option set."""
        g = validate.choice("grain", grain, GRAINS)
        y = validate.integer("year", year, 1900, 2100)
        h = validate.integer("horizon", opts.horizon, 0, 30)
        if g == "hs":
            code = self.store.check_country(exporter, name="exporter")
            info = self.inputs.hs_inputs(y, source, opts.past_year)
            alias: dict[str, str] = {}
        else:
            info = self.inputs.io_inputs(source or opts.io_table, y, opts.past_year)
            code = self._exporter(exporter, info)
            alias = dict(IO_REGION_ISO3)
        # unique() first: a set of the column iterates a BACI year's 10M strings in Python (6 s)
        if code not in set(info.flows["exporter"].unique()):
            raise DataNotFoundError(Message("err.no_exports", name="exporter", code=code,
                                            source=info.source, year=y))
        notes = list(info.notes)
        markets = sorted(info.flows["importer"].unique())
        sg, note = self.inputs.supply_growth(info) if h else (None, None)
        notes += [note] if note else []
        dg, note = self.inputs.demand_growth(markets, info.year, h, opts.growth, opts.projections,
                                             alias)
        notes += [note] if note else []
        tf, note = self.inputs.tariffs(info, opts.tariffs, alias)
        notes += [note] if note else []
        dist, note = self.inputs.distances(alias) if opts.distances else (None, None)
        notes += [note] if note else []
        out = ep.export_potential(
            info.flows,
            [code],
            rca=info.rca,
            rca_floor=opts.rca_floor,
            supply_growth=sg,
            pass_through=opts.pass_through,
            horizon=h,
            demand_growth=dg,
            tariffs=tf,
            tariff_elasticity=opts.tariff_elasticity,
            distances=dist,
            distance_elasticity=opts.distance_elasticity,
        )
        text = "; ".join([*map(str, notes), out.attrs.get("corrections", "")])
        text_id = "; ".join([*(m.text("id") for m in notes), out.attrs.get("corrections_id", "")])
        names = info.names
        out.insert(3, "name", out["product"].map(lambda p: names.get(p, "")).astype("str"))
        # the same text on every row: one-category Categoricals (a BACI year's potential has a
        # million rows, and the corrections text alone took 500 MB and 2 s to repeat and sort)
        n = len(out)
        same = {k: pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), [str(v)])
                for k, v in (("grain", info.grain), ("source", info.source),
                             ("unit", info.unit), ("corrections", text))}
        out = out.assign(grain=same["grain"], source=same["source"], year=info.year,
                         unit=same["unit"], corrections=same["corrections"])
        out = out.sort_values(
            ["untapped", "potential", "product", "importer"],
            ascending=[False, False, True, True],
            kind="stable",
        ).reset_index(drop=True)
        out.attrs.update({"corrections": text, "corrections_id": text_id,
                          "grain": info.grain, "source": info.source, "year": info.year,
                          "unit": info.unit})
        return out

    def recent_potential(self, exporter: str, year: int, grain: str, source: str | None,
                         opts: PotentialOptions) -> pd.DataFrame:
        """Return :meth:`potential`, remembering the last few results of this snapshot.

        ``market_targets`` for one product needs the exporter's whole potential (ease of trade is
        calibrated over all products), so a user stepping through products of one exporter gets
        the same frame back. Only plain option values (no tables) are remembered.
        """
        if not opts.plain:
            return self.potential(exporter, year, grain, source, opts)
        key = (str(exporter).upper(), year, grain, source, opts)
        return self.store.recall(
            "export_potential", key,
            lambda: self.potential(exporter, year, grain, source, opts), POTENTIAL_MEMO_SIZE,
        )

    def market_targets(
        self,
        exporter: str,
        product_or_sector: str,
        year: int,
        grain: Grain = "hs",
        source: str | None = None,
        *,
        top: int | None = None,
        competitors: int = 3,
        io_table: str = "wiod2013",
        rca_floor: float | None = 1.0,
        horizon: int = 5,
        past_year: int | None = None,
        pass_through: float = PASS_THROUGH,
        growth: Growth | None = "imports",
        projections: TableInput | None = None,
        tariffs: TableInput | None = "mfn",
        distances: bool = True,
        tariff_elasticity: float = TARIFF_ELASTICITY,
        distance_elasticity: float = DISTANCE_ELASTICITY,
        fallback: bool = True,
    ) -> pd.DataFrame:
        """Markets ranked by untapped potential for one product (or HS prefix) or IO sector.

        Parameters
        ----------
        exporter, year, grain, source
            As for :meth:`export_potential`.
        product_or_sector : str
            An HS code or prefix (``"0901"`` sums 090111 and 090112) for ``grain="hs"``; a sector
            code (``"c6"``), its ISIC basis (``"20"``, ``"17t18"``) or its name for ``grain="io"``.
        top : int, optional
            Keep the first ``top`` markets.
        competitors : int
            Main competing suppliers listed per market.
        io_table, rca_floor, horizon, past_year, pass_through, growth, projections, ...
            As for :meth:`export_potential` (also tariffs, distances, tariff_elasticity,
            distance_elasticity).
        fallback : bool
            ``grain="hs"`` without ``source``: when no bilateral source holds the exporter's
            exports of the product in ``year`` (or it has no comparative advantage there), answer
            at the best grain loaded instead of raising: BPS destinations of the product's chapter,
            else the ICIO 2022 foreign buyers of its industry, else its WIOD sector's potential
            (:mod:`gvc.services.market_fallback`). Each row's ``grain`` and ``basis`` say which;
            ``attrs["fallback"]`` says what is missing and the command that adds it.

        Returns
        -------
        DataFrame
            Columns rank, importer, importer_name, product, value (current exports), potential,
            untapped, realised_share, imports (market demand, base year), demand_growth_pct
            (annual), market_share (the exporter's share of the market's imports), competitors,
            top_supplier, top_share, share (of the exporter's exports over the markets listed),
            growth_pct (of those exports on the year before, where known), exporter, grain
            ("hs", "io", or a fallback grain "bps", "icio", "wiod"), basis (the grain, table and
            year in words), source, year, unit, corrections. The IO grain never lists the rest of
            the world; a sector without potential is ranked by current exports and
            ``attrs["no_potential"]`` is True.
        """
        g = validate.choice("grain", grain, GRAINS)
        if g == "hs" and fallback and source is None:
            code = self.store.check_country(exporter, name="exporter")
            label = validate.hs_code(product_or_sector, name="product")
            reason = missing_reason(self.store, code, label, int(year))
            if reason is not None:
                return self._fallback(code, label, int(year), reason, top)
        opts = PotentialOptions(
            io_table=io_table, rca_floor=rca_floor, horizon=horizon, past_year=past_year,
            pass_through=pass_through, growth=growth, projections=projections, tariffs=tariffs,
            distances=distances, tariff_elasticity=tariff_elasticity,
            distance_elasticity=distance_elasticity,
        )
        pot = self.recent_potential(exporter, year, g, source, opts)
        code = pot["exporter"].iloc[0] if len(pot) else str(exporter).upper()
        text = pot.attrs.get("corrections", "")
        h = int(horizon)
        if g == "io":
            table = pot.attrs.get("source", "wiod2013")
            keys = self.inputs.sector_keys(table, product_or_sector)
            label = keys[0]
            flows_all = self.inputs.io_inputs(table, int(year), None).flows
        else:
            label = validate.hs_code(product_or_sector, name="product")
            info_src = pot.attrs.get("source") or self.inputs.market_source(int(year), source)
            flows_all = self.inputs.product_rows(info_src, int(year), label)
            keys = sorted(flows_all["product"].astype(str).unique())
            if not keys:
                prods = sorted(self.inputs.flows(info_src, int(year))["product"].unique())
                raise unknown_code(f"product of {info_src} {year}", label, prods, prods[0])
        sel = pot[pot["product"].isin(keys).to_numpy()]
        if g == "io":
            sel = sel[~sel["importer"].astype(str).str.upper().isin(NOT_MARKETS).to_numpy()]
        if sel.empty and g == "hs" and fallback and source is None:
            reason = {"reason": "no_potential", "source": pot.attrs.get("source"), "loaded": ""}
            return self._fallback(code, label, int(year), reason, top)
        if sel.empty:
            raise DataNotFoundError(
                f"{code} has no export potential in {label} in {year}: no exports of it with RCA "
                f">= the floor (try rca_floor=None) or no markets reached"
            )
        fl = flows_all[flows_all["product"].isin(keys).to_numpy()]
        agg = mi.target_totals(sel, fl, h)
        rivals = ep.competitors(
            fl[(fl["exporter"] != code).to_numpy()].assign(product=label), n=competitors
        )
        agg = agg.merge(rivals.drop(columns="product"), on="importer", how="left")
        names = self.inputs.region_names()
        agg["importer_name"] = agg["importer"].map(lambda c: names.get(c, "")).astype("str")
        agg["product"] = label
        # current exports break ties (a sector without potential is never listed alphabetically)
        agg = agg.sort_values(
            ["untapped", "potential", "value", "importer"],
            ascending=[False, False, False, True], kind="stable",
        ).reset_index(drop=True)
        agg.insert(0, "rank", np.arange(1, len(agg) + 1))
        if top is not None:
            agg = agg.head(validate.integer("top", top, 1, 100_000))
        cols = [
            "rank", "importer", "importer_name", "product", "value", "potential", "untapped",
            "realised_share", "imports", "demand_growth_pct", "market_share", "competitors",
            "top_supplier", "top_share",
        ]
        total = float(agg["value"].sum())
        src = pot.attrs.get("source")
        basis_message = Message("mnote.basis_hs" if g == "hs" else "mnote.basis_io", code=label,
                                source=src, year=int(year))
        basis = str(basis_message)
        out = agg[cols].assign(
            share=agg["value"] / total if total > 0 else np.nan,
            growth_pct=np.nan,
            top_buyer="",
            exporter=code,
            grain=g,
            basis=basis,
            source=src,
            year=int(year),
            unit=pot.attrs.get("unit"),
            corrections=text,
        )[TARGET_COLUMNS]
        out.attrs.update(pot.attrs)
        out.attrs["basis_id"] = basis_message.text("id")
        out.attrs["no_potential"] = not bool((out["untapped"].fillna(0) > 0).any())
        return out

    def target_years(self, exporter: str, product: str) -> pd.DataFrame:
        """Return the years in which :meth:`market_targets` answers for ``exporter``, ``product``.

        Returns
        -------
        DataFrame
            Columns year, grain ("hs": product-level potential; "bps": BPS destinations of the
            product or its chapter; "icio": ICIO 2022 foreign buyers of its industry, offered when
            BPS has no destinations for it, as the chain answers BPS first), source. One row per
            year, the finest grain first; newest year last.
        """
        code = self.store.check_country(exporter, name="exporter")
        label = validate.hs_code(product, name="product")
        rows = [(int(y), "hs", str(src)) for src, y in self.store.sql(
            "market_product_years", exporter=code, prefix=label)[["source", "year"]].itertuples(
                index=False)]
        bps = self.store.sql("market_bps_destinations", exporter=code, prefix=label,
                             chapter=label[:2])
        rows += [(int(y), "bps", str(src)) for src, y in
                 bps[["source", "year"]].drop_duplicates().itertuples(index=False)]
        maps = self.store.sql("market_product_sectors", prefix=label)
        cat = self.data.io_tables()
        icio = cat[(cat["io_table"] == "icio2025").to_numpy()]
        if bps.empty and (maps["io_table"] == "icio2025").any() and not icio.empty:
            rows += [(int(y), "icio", "icio2025") for y in icio["year"]]
        order = {"hs": 0, "bps": 1, "icio": 2}
        out = pd.DataFrame(rows, columns=["year", "grain", "source"])
        out["o"] = out["grain"].map(order)
        out = out.sort_values(["year", "o", "source"]).drop_duplicates("year")
        return out.drop(columns="o").reset_index(drop=True)

    def _fallback(self, code: str, label: str, year: int, reason: dict[str, object],
                  top: int | None) -> pd.DataFrame:
        """Return :func:`gvc.services.market_fallback.fallback_targets` for one product."""
        cat = self.data.io_tables()
        wiod_years = sorted(int(y) for y in cat.loc[cat["io_table"] == "wiod2013", "year"])

        def sector_names(table: str) -> dict[str, str]:
            s = self.io.sectors(table)
            return dict(zip(s["sector"].astype(str), s["name"].astype(str), strict=True))

        out = fallback_targets(
            self.store, exporter=code, prefix=label, year=year, reason=reason,
            names=self.inputs.region_names(),
            io_system=lambda t, y: self.io.io(t, y),
            sector_names=sector_names,
            sector_targets=lambda s, y: self.market_targets(
                code, s, y, grain="io", io_table="wiod2013", fallback=False
            ),
            wiod_years=wiod_years,
        )
        if top is not None:
            attrs = dict(out.attrs)
            out = out.head(validate.integer("top", top, 1, 100_000))
            out.attrs.update(attrs)
        return out

    def export_diversification(
        self,
        exporter: str,
        year: int,
        grain: Grain = "hs",
        source: str | None = None,
        *,
        io_table: str = "wiod2013",
        rca_floor: float = 1.0,
        tariffs: pd.DataFrame | str | Path | None = "mfn",
        distances: bool = True,
    ) -> pd.DataFrame:
        """Product diversification indicator (ITC PDI) for products not exported competitively.

        Feasibility is the product-space density (Hidalgo et al. 2007) of ``exporter`` in each
        product (computed from the RCA of the same flows when they cover many products, else the
        HS-chapter density from ``con.complexity`` on the exporter totals); it replaces supply in
        ``density * demand * ease``. Output is a rank, not USD.

        Returns
        -------
        DataFrame
            Columns of :func:`gvc.analytics.export_potential.diversification` plus name and
            corrections.
        """
        g = validate.choice("grain", grain, GRAINS)
        y = validate.integer("year", year, 1900, 2100)
        if g == "hs":
            code = self.store.check_country(exporter, name="exporter")
            info = self.inputs.hs_inputs(y, source, None)
            alias: dict[str, str] = {}
        else:
            info = self.inputs.io_inputs(source or io_table, y, None)
            code = self._exporter(exporter, info)
            alias = dict(IO_REGION_ISO3)
        density, dnote = self._density(code, info)
        tf, tnote = self.inputs.tariffs(info, tariffs, alias)
        dist, snote = self.inputs.distances(alias) if distances else (None, None)
        out = ep.diversification(
            info.flows, code, density, rca=info.rca, rca_floor=rca_floor, tariffs=tf,
            distances=dist,
        )
        messages = [*info.notes, dnote, *[n for n in (tnote, snote) if n]]
        text = "; ".join([*map(str, messages), out.attrs.get("corrections", "")])
        text_id = "; ".join([*(m.text("id") for m in messages),
                             out.attrs.get("corrections_id", "")])
        names = info.names
        out.insert(3, "name", out["product"].map(lambda p: names.get(p, "")).astype("str"))
        out["corrections"] = text
        out.attrs.update({"corrections": text, "corrections_id": text_id, "grain": g,
                          "source": info.source, "year": y})
        return out

    def _density(self, code: str, info: MarketInputs) -> tuple[pd.DataFrame, Message]:
        if info.rca_basis == "flows":
            return self.inputs.flow_density(code, info), Message("mnote.density_flows")
        try:
            cpx = self.complexity.complexity(info.year, "HS92", 2, source=CHAPTER_SOURCE,
                                             country=code)
        except DataNotFoundError as err:
            raise DataNotFoundError(
                f"no product-space density for {code} in {info.year}: the flows cover too few "
                f"products and {CHAPTER_SOURCE} has no such year ({err})"
            ) from None
        dens = dict(zip(cpx["product"].astype(str), cpx["density"], strict=True))
        prods = info.products
        return (
            pd.DataFrame({"product": prods, "density": [dens.get(p[:2], np.nan) for p in prods]}),
            Message("mnote.density_chapter", source=CHAPTER_SOURCE),
        )

    def current_markets(
        self,
        exporter: str = "IDN",
        chapter: str | None = None,
        year: int | None = None,
    ) -> pd.DataFrame:
        """List an exporter's current markets by HS chapter from the BPS agri-food exports.

        Parameters
        ----------
        exporter : str
            ISO3 (the embedded BPS data covers Indonesia only).
        chapter : str, optional
            An HS chapter ("09"); default all.
        year : int, optional
            Default the latest BPS year.

        Returns
        -------
        DataFrame
            Columns year, chapter, importer, importer_name, value (USD), share (of the exporter's
            chapter exports), previous_value, growth_pct (on the previous year), rank (within the
            chapter), chapter_total, world_year, world_exports_usd (world exports of the chapter,
            BACI), world_growth_pct (annual, 2011 to world_year), exporter_world_share (exporter's
            share of world chapter exports in world_year), corrections.
        """
        code = self.store.check_country(exporter, name="exporter")
        bps = self.store.sql("market_bps", exporter=code)
        if bps.empty:
            raise DataNotFoundError(
                f"'exporter': {BPS_SOURCE} holds no exports of {code} "
                "(the embedded BPS data covers IDN)"
            )
        years = sorted(int(v) for v in bps["year"].unique())
        y = years[-1] if year is None else validate.integer("year", year, 1900, 2100)
        if y not in years:
            raise DataNotFoundError(
                f"'year': {y} is not in {BPS_SOURCE} (loaded: {', '.join(map(str, years))})"
            )
        if chapter is not None:
            ch = validate.hs_code(chapter, name="chapter")
            if len(ch) != 2:
                raise InvalidInputError(f"'chapter' must be a 2-digit HS chapter (got {ch!r})")
            bps = bps[(bps["chapter"] == ch).to_numpy()]
            if bps.empty:
                raise DataNotFoundError(f"'chapter': {ch} is not in {BPS_SOURCE} (chapters 01-24)")
        now = bps[(bps["year"] == y).to_numpy()].drop(columns="year")
        prev = bps[(bps["year"] == y - 1).to_numpy()]
        out = mi.chapter_markets(now, prev)
        world = self.store.sql("market_chapter_world", source=CHAPTER_SOURCE, exporter=code)
        note = Message("mnote.current", source=BPS_SOURCE, year=y)
        if world.empty:
            for c in ("world_year", "world_exports_usd", "world_growth_pct",
                      "exporter_world_share"):
                out[c] = np.nan
        else:
            last, first, w = mi.world_chapter_growth(world)
            out["world_year"] = last
            out["world_exports_usd"] = out["chapter"].map(w["world_usd"]).astype(float)
            out["world_growth_pct"] = out["chapter"].map(w["world_growth_pct"]).astype(float)
            out["exporter_world_share"] = (
                out["chapter"].map(w["exporter_world_share"]).astype(float)
            )
            note = Message("mnote.world", note=note, source=CHAPTER_SOURCE, first=first,
                           last=last)
        names = self.inputs.region_names()
        out.insert(
            2, "importer_name", out["importer"].map(lambda c: names.get(c, "")).astype("str")
        )
        out.insert(0, "year", y)
        out["corrections"] = str(note)
        out = out.reset_index(drop=True)
        out.attrs["corrections"] = str(note)
        out.attrs["corrections_id"] = note.text("id")
        return out
