"""The `Gvc` methods for export potential and market targets (issue 6).

One code path (:mod:`gvc.analytics.export_potential`) at two grains:

- ``grain="hs"``: HS products x importing markets from the bilateral ``trade_flows`` of one source
  and year (UN Comtrade green coffee on the embedded data, the BACI sample, full BACI/Comtrade once
  imported);
- ``grain="io"``: IO sectors x partner regions from the MRIO's bilateral sector exports (WIOD 2013:
  35 sectors x 41 regions).

Corrections come from the embedded real data where it covers the case (IMF WEO growth, WTO MFN
tariffs, CEPII distances) or from files given by the user; every output says which were applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gvc import groups, validate
from gvc.analytics import complexity as cx
from gvc.analytics import export_potential as ep
from gvc.errors import DataNotFoundError, InvalidInputError, unknown_code

if TYPE_CHECKING:  # pragma: no cover
    from gvc.api import Gvc

GRAINS = ("hs", "io")
GROWTH_SUBJECTS = {"imports": "TM_RPCH", "gdp": "NGDP_RPCH"}
#: The `exports` source of exporter totals by HS chapter (chapter RCA, world market size).
CHAPTER_SOURCE = "baci_hs92_hs2"
#: Sources that cover a single exporter cannot give world market shares.
BPS_SOURCE = "bps_exim_agrifood"
#: Flows with fewer products than this do not cover an exporter's basket: RCA then comes from the
#: chapter totals of CHAPTER_SOURCE.
MIN_PRODUCTS_FOR_RCA = 100
#: WEO projections end here.
LAST_PROJECTION_YEAR = 2030

#: EU member states when the WTO MFN table was published (2017-2018: EU28, incl. GBR), used to
#: expand the importer 'EUN' (the EU's common external tariff applies to each member).
EU28 = list(groups.EU28)

#: How many export-potential frames one Gvc remembers for market_targets (each is a few MB).
POTENTIAL_MEMO_SIZE = 6

#: IO region codes that differ from ISO3 (gvc's ingest already maps WIOD's ROM to ROU; imported
#: tables may still use other spellings).
IO_REGION_ISO3 = {"ROM": "ROU"}

DEFAULT_CORRECTIONS = ("growth", "tariffs", "distance")


def _read_table(value: pd.DataFrame | str | Path, name: str) -> pd.DataFrame:
    if isinstance(value, pd.DataFrame):
        return value
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


class MarketMixin:
    """Methods of `gvc.Gvc` for export potential and market targets."""

    # -- inputs ----------------------------------------------------------------------------------

    def _market_source(self: Gvc, year: int, source: str | None) -> str:
        sources = self.sql("market_flow_sources")
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

    def _hs_inputs(self: Gvc, year: int, source: str | None, past_year: int | None) -> dict:
        src = self._market_source(year, source)
        flows = self.sql("market_flows", source=src, year=year)
        n_products = flows["product"].nunique()
        info: dict = {
            "grain": "hs",
            "source": src,
            "year": year,
            "unit": "USD",
            "flows": flows,
            "notes": [f"flows: trade_flows source {src} {year}"],
        }
        sources = self.sql("market_flow_sources")
        earlier = sorted(int(y) for y in sources.loc[sources["source"] == src, "year"] if y < year)
        if past_year is not None:
            if past_year not in earlier:
                raise DataNotFoundError(
                    f"'past_year': {past_year} is not an earlier year of {src} "
                    f"(earlier years: {', '.join(map(str, earlier)) or 'none'})"
                )
        elif earlier:
            past_year = earlier[-1]
        info["past_flows"] = (
            None if past_year is None else self.sql("market_flows", source=src, year=past_year)
        )
        info["past_year"] = past_year
        if n_products >= MIN_PRODUCTS_FOR_RCA:
            info["rca"] = None
            info["rca_basis"] = "flows"
        else:
            chapters = self._chapter_rca(year)
            if chapters is None:
                info["rca"] = None
                info["rca_basis"] = "none"
                info["notes"].append(
                    f"RCA floor not applied: the flows hold {n_products} products and "
                    f"{CHAPTER_SOURCE} has no {year}"
                )
            else:
                prods = pd.DataFrame({"product": sorted(flows["product"].unique())})
                prods["chapter"] = prods["product"].str[:2]
                info["rca"] = chapters.merge(prods, on="chapter")[["exporter", "product", "rca"]]
                info["rca_basis"] = "chapter"
                info["notes"].append(
                    f"RCA: of the HS chapter, from exports source {CHAPTER_SOURCE} {year}"
                )
        names = self.sql("market_product_names", codes=sorted(flows["product"].unique()))
        info["names"] = dict(zip(names["product"], names["description"], strict=True))
        return info

    def _chapter_rca(self: Gvc, year: int) -> pd.DataFrame | None:
        totals = self.sql("market_chapter_exports", source=CHAPTER_SOURCE, year=year)
        if totals.empty:
            return None
        r = ep.rca(totals.assign(importer="WLD"))
        return r.rename(columns={"product": "chapter"})[["exporter", "chapter", "rca"]]

    def _io_inputs(self: Gvc, io_table: str, year: int, past_year: int | None) -> dict:
        name, year = self.check_io_table(io_table, year)
        t = self.io_base_table(name, year)
        flows = ep.flows_from_io(t.Z, t.Y, t.regions, t.sectors)
        cat = self.io_tables()
        years = sorted(int(y) for y in cat.loc[cat["io_table"] == name, "year"])
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
            pt = self.io_base_table(name, past_year)
            past = ep.flows_from_io(pt.Z, pt.Y, pt.regions, pt.sectors)
        neg = flows.attrs.get("negative_cells", 0)
        return {
            "grain": "io",
            "source": name,
            "year": year,
            "unit": "million USD",
            "flows": flows,
            "past_flows": past,
            "past_year": past_year,
            "rca": None,
            "rca_basis": "flows",
            "names": dict(t.sector_names),
            "notes": [
                f"flows: {name} {year} intermediate + final sales abroad"
                + (f" ({neg} negative exporter-sector-market totals left out)" if neg else "")
            ],
        }

    def _demand_growth(
        self: Gvc,
        markets: list[str],
        year: int,
        horizon: int,
        growth: str | None,
        projections: pd.DataFrame | str | Path | None,
        alias: Mapping[str, str],
    ) -> tuple[pd.DataFrame | None, str | None]:
        if growth is None or horizon == 0:
            return None, None
        subject = GROWTH_SUBJECTS[validate.choice("growth", growth, list(GROWTH_SUBJECTS))]
        last = min(year + horizon, LAST_PROJECTION_YEAR)
        if projections is not None:
            proj = _norm_columns(_read_table(projections, "projections"))
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
            origin = "the projections file given"
        else:
            proj = self.sql("market_weo", subject=subject, first_year=year + 1, last_year=last)
            origin = "IMF WEO Apr 2025"
        if last <= year or proj.empty:
            return None, f"demand growth: not applied (no {subject} for {year + 1}-{last})"
        proj = proj.dropna(subset=["value"])
        n_years = last - year
        counts = proj.groupby("iso3")["year"].nunique()
        full = counts[counts == n_years].index
        proj = proj[proj["iso3"].isin(full).to_numpy()]
        factor = (1.0 + proj["value"] / 100.0).groupby(proj["iso3"]).prod()
        back = {v: k for k, v in alias.items()}
        frame = pd.DataFrame(
            {"importer": [back.get(c, c) for c in factor.index], "growth_factor": factor.to_numpy()}
        )
        covered = int(frame["importer"].isin(markets).sum())
        note = (
            f"demand growth: {subject} ({'import volume' if subject == 'TM_RPCH' else 'real GDP'}"
            f" growth) {year + 1}-{last} from {origin}; {covered} of {len(markets)} markets, "
            "others unchanged"
        )
        if last < year + horizon:
            note += f" (horizon cut at {LAST_PROJECTION_YEAR})"
        return frame, note

    def _tariffs(
        self: Gvc, info: dict, tariffs: object, alias: Mapping[str, str]
    ) -> tuple[pd.DataFrame | None, str | None]:
        if tariffs is None or tariffs is False:
            return None, None
        back = {v: k for k, v in alias.items()}
        products = sorted(info["flows"]["product"].unique())
        if isinstance(tariffs, str) and tariffs == "mfn":
            if info["grain"] == "io":
                mfn = self.sql("market_io_tariffs", io_table=info["source"], year=info["year"])
                mfn = mfn.rename(columns={"sector": "product"})
            else:
                mfn = self.sql("market_tariffs_mfn", year=info["year"])
                prods = pd.DataFrame({"product": products})
                prods["hs2"] = prods["product"].str[:2]
                mfn = mfn.merge(prods, on="hs2")
            if mfn.empty:
                return None, "market access: not applied (no MFN tariff for these products)"
            tyear = int(mfn["year"].iloc[0])
            eu = mfn[mfn["importer"] == "EUN"]
            rest = mfn[mfn["importer"] != "EUN"]
            expanded = pd.concat(
                [eu.assign(importer=m) for m in EU28 if m not in set(rest["importer"])] + [rest],
                ignore_index=True,
            )
            expanded["importer"] = expanded["importer"].map(lambda c: back.get(c, c))
            how = (
                "HS6 (HS92) -> ISIC3 -> sector average of chapter rates"
                if info["grain"] == "io"
                else "chapter rate applied to each product"
            )
            note = (
                f"tariffs: WTO MFN simple average {tyear} by importer x HS chapter ({how}; "
                f"EUN expanded to the EU28 members); MFN only, no preferences"
            )
            return expanded[["importer", "product", "tariff"]], note
        frame = _norm_columns(_read_table(tariffs, "tariffs"))  # type: ignore[arg-type]
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
            importer=frame["importer"].astype(str).map(lambda c: back.get(c, c)),
        )
        if "exporter" in frame.columns:
            frame["exporter"] = frame["exporter"].astype(str).map(lambda c: back.get(c, c))
        # a code shorter than the flows' products applies to every product under it
        rows = []
        for length in sorted(frame["product"].str.len().unique(), reverse=False):
            part = frame[frame["product"].str.len() == length]
            prods = pd.DataFrame({"product_full": products})
            prods["product"] = prods["product_full"].str[:length]
            rows.append(part.merge(prods, on="product").assign(level=length))
        full = pd.concat(rows, ignore_index=True)
        keys = ["importer", "product_full"] + (["exporter"] if "exporter" in full.columns else [])
        full = full.sort_values("level").drop_duplicates(keys, keep="last")
        full = full.drop(columns=["product", "level"]).rename(columns={"product_full": "product"})
        return full, "tariffs: from the tariff table given (longest matching product code)"

    def _distances(self: Gvc, alias: Mapping[str, str]) -> tuple[pd.DataFrame, str]:
        d = self.sql("market_distances")
        back = {v: k for k, v in alias.items()}
        d["exporter"] = d["exporter"].map(lambda c: back.get(c, c))
        d["importer"] = d["importer"].map(lambda c: back.get(c, c))
        return d, "distance: CEPII GeoDist distw (population-weighted km; dist where missing)"

    def _supply_growth(self: Gvc, info: dict) -> tuple[pd.DataFrame | None, str | None]:
        past = info["past_flows"]
        if past is None or past.empty:
            return None, "supply growth: not applied (no earlier year of the same flows)"
        years = info["year"] - info["past_year"]
        if info["rca_basis"] == "flows":
            now, before, what = ep.rca(info["flows"]), ep.rca(past), "RCA"
            col = "rca"
        else:

            def shares(f: pd.DataFrame) -> pd.DataFrame:
                g = f.groupby(["exporter", "product"], as_index=False)["value"].sum()
                g["share"] = g["value"] / g.groupby("product")["value"].transform("sum")
                return g

            now, before, what, col = (
                shares(info["flows"]),
                shares(past),
                "world market share",
                "share",
            )
        g = ep.annual_growth(now, before, years, column=col)
        return g, (
            f"supply growth: annual {what} growth {info['past_year']}-{info['year']} from "
            f"the same source"
        )

    # -- public API ------------------------------------------------------------------------------

    def export_potential(
        self: Gvc,
        exporter: str,
        year: int,
        grain: str = "hs",
        source: str | None = None,
        *,
        io_table: str = "wiod2013",
        rca_floor: float | None = 1.0,
        horizon: int = 5,
        past_year: int | None = None,
        pass_through: float = ep.PASS_THROUGH,
        growth: str | None = "imports",
        projections: pd.DataFrame | str | Path | None = None,
        tariffs: pd.DataFrame | str | Path | None = "mfn",
        distances: bool = True,
        tariff_elasticity: float = ep.TARIFF_ELASTICITY,
        distance_elasticity: float = ep.DISTANCE_ELASTICITY,
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
        g = validate.choice("grain", grain, GRAINS)
        y = validate.integer("year", year, 1900, 2100)
        h = validate.integer("horizon", horizon, 0, 30)
        if g == "hs":
            code = self.check_country(exporter, name="exporter")
            info = self._hs_inputs(y, source, past_year)
            alias: dict[str, str] = {}
        else:
            if source is not None:
                io_table = source
            code = str(exporter).strip().upper() if isinstance(exporter, str) else exporter
            info = self._io_inputs(io_table, y, past_year)
            regions = sorted(set(info["flows"]["exporter"]))
            lookup = {r.upper(): r for r in regions}
            if code not in lookup:
                raise unknown_code(f"region of IO table {info['source']}", exporter, regions, "IDN")
            code = lookup[code]
            alias = dict(IO_REGION_ISO3)
        if code not in set(info["flows"]["exporter"]):
            raise DataNotFoundError(f"'exporter': {code} has no exports in {info['source']} {y}")
        return self._potential_frame(
            code,
            info,
            alias,
            rca_floor=rca_floor,
            horizon=h,
            pass_through=pass_through,
            growth=growth,
            projections=projections,
            tariffs=tariffs,
            distances=distances,
            tariff_elasticity=tariff_elasticity,
            distance_elasticity=distance_elasticity,
        )

    def _recent_potential(
        self: Gvc, exporter: str, year: int, grain: str, source: str | None, options: dict
    ) -> pd.DataFrame:
        """Return :meth:`export_potential`, remembering the last few results in this process.

        ``market_targets`` for one product needs the exporter's whole potential (ease of trade is
        calibrated over all products), so a user stepping through products of one exporter gets
        the same frame back. Only plain option values (no tables) are remembered.
        """
        plain = all(isinstance(v, str | int | float | bool | type(None)) for v in options.values())
        if not plain:
            return self.export_potential(exporter, year, grain, source, **options)
        key = (str(exporter).upper(), year, grain, source, tuple(sorted(options.items())))
        return self._recall(
            "export_potential",
            key,
            lambda: self.export_potential(exporter, year, grain, source, **options),
            POTENTIAL_MEMO_SIZE,
        )

    def _potential_frame(
        self: Gvc,
        code: str,
        info: dict,
        alias: dict,
        *,
        rca_floor,
        horizon,
        pass_through,
        growth,
        projections,
        tariffs,
        distances,
        tariff_elasticity,
        distance_elasticity,
    ) -> pd.DataFrame:
        notes = list(info["notes"])
        markets = sorted(set(info["flows"]["importer"]))
        sg, note = self._supply_growth(info) if horizon else (None, None)
        notes += [note] if note else []
        dg, note = self._demand_growth(markets, info["year"], horizon, growth, projections, alias)
        notes += [note] if note else []
        tf, note = self._tariffs(info, tariffs, alias)
        notes += [note] if note else []
        dist, note = self._distances(alias) if distances else (None, None)
        notes += [note] if note else []
        out = ep.export_potential(
            info["flows"],
            [code],
            rca=info["rca"],
            rca_floor=rca_floor,
            supply_growth=sg,
            pass_through=pass_through,
            horizon=horizon,
            demand_growth=dg,
            tariffs=tf,
            tariff_elasticity=tariff_elasticity,
            distances=dist,
            distance_elasticity=distance_elasticity,
        )
        text = "; ".join([*notes, out.attrs.get("corrections", "")])
        names = info["names"]
        out.insert(3, "name", out["product"].map(lambda p: names.get(p, "")).astype("str"))
        out = out.assign(
            grain=info["grain"],
            source=info["source"],
            year=info["year"],
            unit=info["unit"],
            corrections=text,
        )
        out = out.sort_values(
            ["untapped", "potential", "product", "importer"],
            ascending=[False, False, True, True],
            kind="stable",
        )
        out = out.reset_index(drop=True)
        out.attrs.update(
            {
                "corrections": text,
                "grain": info["grain"],
                "source": info["source"],
                "year": info["year"],
                "unit": info["unit"],
            }
        )
        return out

    def market_targets(
        self: Gvc,
        exporter: str,
        product_or_sector: str,
        year: int,
        grain: str = "hs",
        source: str | None = None,
        *,
        top: int | None = None,
        competitors: int = 3,
        **options: object,
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
        **options
            Passed to :meth:`export_potential` (rca_floor, horizon, tariffs, growth, ...).

        Returns
        -------
        DataFrame
            Columns rank, importer, importer_name, product, value (current exports), potential,
            untapped, realised_share, imports (market demand, base year), demand_growth_pct
            (annual), market_share (the exporter's share of the market's imports), competitors,
            top_supplier, top_share, grain, source, year, unit, corrections.
        """
        g = validate.choice("grain", grain, GRAINS)
        pot = self._recent_potential(exporter, year, g, source, options)
        code = pot["exporter"].iloc[0] if len(pot) else str(exporter).upper()
        text = pot.attrs.get("corrections", "")
        horizon = int(options.get("horizon", 5))  # type: ignore[arg-type]
        if g == "io":
            table = pot.attrs.get("source", "wiod2013")
            keys = self._io_sector(table, product_or_sector)
            label = keys[0]
            flows_all = self._io_inputs(table, int(year), None)["flows"]
        else:
            label = validate.hs_code(product_or_sector, name="product")
            info_src = pot.attrs.get("source") or self._market_source(int(year), source)
            flows_all = self.sql("market_flows", source=info_src, year=int(year))
            keys = sorted(p for p in set(flows_all["product"]) if p.startswith(label))
            if not keys:
                prods = sorted(set(flows_all["product"]))
                raise unknown_code(f"product of {info_src} {year}", label, prods, prods[0])
        sel = pot[pot["product"].isin(keys).to_numpy()]
        if sel.empty:
            raise DataNotFoundError(
                f"{code} has no export potential in {label} in {year}: no exports of it with RCA "
                f">= the floor (try rca_floor=None) or no markets reached"
            )
        agg = sel.groupby("importer", as_index=False).agg(
            value=("value", "sum"),
            potential=("potential", "sum"),
            potential_base=("potential_base", "sum"),
            demand_growth=("demand_growth", "first"),
        )
        fl = flows_all[flows_all["product"].isin(keys).to_numpy()]
        imports = fl.groupby("importer")["value"].sum()
        agg["imports"] = agg["importer"].map(imports).astype(float)
        agg["untapped"] = np.maximum(agg["potential"] - agg["value"], 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            agg["realised_share"] = np.where(
                agg["potential"] > 0, agg["value"] / agg["potential"], np.nan
            )
            agg["market_share"] = agg["value"] / agg["imports"]
        rate = agg["demand_growth"] ** (1.0 / horizon) - 1.0 if horizon else 0.0 * agg["value"]
        agg["demand_growth_pct"] = 100.0 * rate
        rivals = ep.competitors(
            fl[(fl["exporter"] != code).to_numpy()].assign(product=label), n=competitors
        )
        agg = agg.merge(rivals.drop(columns="product"), on="importer", how="left")
        names = self._region_names()
        agg["importer_name"] = agg["importer"].map(lambda c: names.get(c, "")).astype("str")
        agg["product"] = label
        agg = agg.sort_values(
            ["untapped", "potential", "importer"], ascending=[False, False, True], kind="stable"
        ).reset_index(drop=True)
        agg.insert(0, "rank", np.arange(1, len(agg) + 1))
        if top is not None:
            agg = agg.head(validate.integer("top", top, 1, 100_000))
        cols = [
            "rank",
            "importer",
            "importer_name",
            "product",
            "value",
            "potential",
            "untapped",
            "realised_share",
            "imports",
            "demand_growth_pct",
            "market_share",
            "competitors",
            "top_supplier",
            "top_share",
        ]
        out = agg[cols].assign(
            exporter=code,
            grain=g,
            source=pot.attrs.get("source"),
            year=int(year),
            unit=pot.attrs.get("unit"),
            corrections=text,
        )
        out.attrs.update(pot.attrs)
        return out

    def _io_sector(self: Gvc, table: str, value: object) -> list[str]:
        sectors = self.sql("io_sectors", io_table=table)
        s = validate.text("sector", value).strip()
        for col in ("sector", "code", "name"):
            hit = sectors[sectors[col].astype(str).str.lower() == s.lower()]
            if not hit.empty:
                return [str(hit["sector"].iloc[0])]
        raise unknown_code(f"sector of IO table {table}", s, sectors["sector"].tolist(), "c6")

    def _region_names(self: Gvc) -> dict[str, str]:
        def load() -> dict[str, str]:
            rows = self.cursor().execute("select iso3, name from countries").fetchall()
            names = {r[0]: r[1] or "" for r in rows}
            names.update({"ROW": "Rest of the world"})
            return names

        return self.memo("market_region_names", load)  # type: ignore[return-value]

    def export_diversification(
        self: Gvc,
        exporter: str,
        year: int,
        grain: str = "hs",
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
            code = self.check_country(exporter, name="exporter")
            info = self._hs_inputs(y, source, None)
            alias: dict[str, str] = {}
        else:
            info = self._io_inputs(source or io_table, y, None)
            regions = sorted(set(info["flows"]["exporter"]))
            lookup = {r.upper(): r for r in regions}
            code = lookup.get(str(exporter).strip().upper())
            if code is None:
                raise unknown_code(f"region of IO table {info['source']}", exporter, regions, "IDN")
            alias = dict(IO_REGION_ISO3)
        density, dnote = self._density(code, info)
        tf, tnote = self._tariffs(info, tariffs, alias)
        dist, snote = self._distances(alias) if distances else (None, None)
        out = ep.diversification(
            info["flows"],
            code,
            density,
            rca=info["rca"],
            rca_floor=rca_floor,
            tariffs=tf,
            distances=dist,
        )
        text = "; ".join(
            [*info["notes"], dnote]
            + [n for n in (tnote, snote) if n]
            + [out.attrs.get("corrections", "")]
        )
        names = info["names"]
        out.insert(3, "name", out["product"].map(lambda p: names.get(p, "")).astype("str"))
        out["corrections"] = text
        out.attrs.update({"corrections": text, "grain": g, "source": info["source"], "year": y})
        return out

    def _density(self: Gvc, code: str, info: dict) -> tuple[pd.DataFrame, str]:
        flows = info["flows"]
        if info["rca_basis"] == "flows":
            cube = ep.TradeCube.from_flows(flows)
            r = ep.rca_matrix(cube.Xik)
            M = np.nan_to_num(r) >= 1.0
            phi = cx.proximity(M.astype(float))
            dens = cx.density(M.astype(float), phi)
            i = int(np.searchsorted(cube.exporters, code))
            return (
                pd.DataFrame({"product": cube.products.astype(str), "density": dens[i]}),
                "feasibility: product-space density from the RCA of the same flows",
            )
        try:
            cpx = self.complexity(info["year"], "HS92", 2, source=CHAPTER_SOURCE, country=code)
        except DataNotFoundError as err:
            raise DataNotFoundError(
                f"no product-space density for {code} in {info['year']}: the flows cover too few "
                f"products and {CHAPTER_SOURCE} has no such year ({err})"
            ) from None
        dens = dict(zip(cpx["product"].astype(str), cpx["density"], strict=True))
        prods = sorted(set(flows["product"]))
        return (
            pd.DataFrame({"product": prods, "density": [dens.get(p[:2], np.nan) for p in prods]}),
            f"feasibility: HS-chapter density from con.complexity on {CHAPTER_SOURCE}",
        )

    def current_markets(
        self: Gvc,
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
        code = self.check_country(exporter, name="exporter")
        bps = self.sql("market_bps", exporter=code)
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
        prev = bps[(bps["year"] == y - 1).to_numpy()].rename(columns={"value": "previous_value"})
        out = now.merge(
            prev[["chapter", "importer", "previous_value"]], on=["chapter", "importer"], how="left"
        )
        out["chapter_total"] = out.groupby("chapter")["value"].transform("sum")
        out["share"] = out["value"] / out["chapter_total"]
        out["growth_pct"] = 100.0 * (out["value"] / out["previous_value"] - 1.0)
        out = out.sort_values(
            ["chapter", "value", "importer"], ascending=[True, False, True], kind="stable"
        )
        out["rank"] = out.groupby("chapter").cumcount() + 1
        world = self.sql("market_chapter_world", source=CHAPTER_SOURCE, exporter=code)
        note = f"current markets: trade_flows source {BPS_SOURCE} {y} (BPS, USD FOB)"
        if world.empty:
            for c in (
                "world_year",
                "world_exports_usd",
                "world_growth_pct",
                "exporter_world_share",
            ):
                out[c] = np.nan
        else:
            last, first = int(world["year"].max()), int(world["year"].min())
            w_last = world[world["year"] == last].set_index("chapter")
            w_first = world[world["year"] == first].set_index("chapter")
            cagr = (
                (w_last["world_usd"] / w_first["world_usd"]) ** (1.0 / (last - first)) - 1.0
            ) * 100.0
            out["world_year"] = last
            out["world_exports_usd"] = out["chapter"].map(w_last["world_usd"]).astype(float)
            out["world_growth_pct"] = out["chapter"].map(cagr).astype(float)
            out["exporter_world_share"] = (
                out["chapter"].map(w_last["exporter_usd"] / w_last["world_usd"]).astype(float)
            )
            note += (
                f"; world market: exports source {CHAPTER_SOURCE} (HS92 chapters) {last}, "
                f"growth {first}-{last}"
            )
        names = self._region_names()
        out.insert(
            2, "importer_name", out["importer"].map(lambda c: names.get(c, "")).astype("str")
        )
        out.insert(0, "year", y)
        out["corrections"] = note
        out = out.reset_index(drop=True)
        out.attrs["corrections"] = note
        return out
