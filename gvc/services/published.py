"""Published indicators and current tables, read as their publishers give them (read-only).

ADB's GVC participation and production lengths (ADB MRIO), Indonesia's trade by partner (UN
Comtrade), the Atlas's published ECI, and Indonesia's exports by HS chapter and destination (BPS).
gvc computes none of these numbers: each frame says in ``attrs`` which source, table, years and
method it shows, so a page can put it beside gvc's own computation and label both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import pandas as pd

from gvc import validate
from gvc.errors import DataNotFoundError, InvalidInputError
from gvc.services.store import Store

#: The BPS sources of trade_flows loaded from data/ (imported BPS EXIM releases come first).
EMBEDDED_BPS = ("bps_exim_agrifood", "bps_exim_hs84_85")
ADB_METHOD = (
    "ADB's published method on ADB's tables: ADB MRIO (72 economies, 35 sectors), trade-based "
    "participation after ADB Key Indicators 2021 / Borin and Mancini (2019), production-based "
    "participation and production lengths after Wang, Wei, Yu and Zhu (2017); computed by "
    "ksreyes/mrio-processing, not by gvc (gvc's own figures use WIOD or OECD ICIO and differ)"
)
ATLAS_METHOD = (
    "the Atlas of Economic Complexity's published ECI: 3-year averaged exports, the Atlas's "
    "country filters (population, total exports, data quality) and product filters, so it "
    "differs from gvc's ECI computed on one year of the loaded data"
)


def _years(years: int | Iterable[int] | None, name: str = "years") -> list[int]:
    if years is None:
        return []
    items = [years] if isinstance(years, int | str) else list(years)
    return [validate.integer(name, y, 1900, 2100) for y in items]


def _codes(values: str | Iterable[str] | None, name: str) -> list[str]:
    if values is None:
        return []
    items = [values] if isinstance(values, str) else list(values)
    return [validate.text(name, v, 40).strip().upper() for v in items]


def _chapters(chapter: str | int | Iterable[str | int] | None) -> list[str]:
    if chapter is None:
        return []
    items = [chapter] if isinstance(chapter, str | int) else list(chapter)
    out = []
    for c in items:
        s = str(c).strip()
        if not s.isdigit() or not 1 <= int(s) <= 99 or len(s) > 2:
            raise InvalidInputError(f"'chapter' must be an HS chapter '01'..'99' (got {c!r})")
        out.append(s.zfill(2))
    return out


def _label(frame: pd.DataFrame, source: str, table: str, method: str | None = None,
           note: str | None = None) -> pd.DataFrame:
    years = sorted({int(y) for y in frame["year"].dropna().unique()}) if "year" in frame else []
    frame.attrs.update({"source": source, "table": table, "years": years})
    if method:
        frame.attrs["method"] = method
    if note:
        frame.attrs["note"] = note
    return frame


def _missing(frame: pd.DataFrame, what: str, loaded: str) -> pd.DataFrame:
    if frame.empty:
        raise DataNotFoundError(f"no {what} in the loaded data ({loaded})")
    return frame


class PublishedService:
    """Read-only access to published indicators and current tables (see module docstring)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def gvc_indicators(
        self,
        economy: str | Iterable[str] | None = None,
        sector: str | Iterable[str] | None = None,
        years: int | Iterable[int] | None = None,
        aggregation: Literal[0, 5, 15, 35] | None = None,
    ) -> pd.DataFrame:
        """Return ADB's published GVC participation, production lengths and position.

        Parameters
        ----------
        economy : str or list of str, optional
            ISO3 codes (default: all 72 economies).
        sector : str or list of str, optional
            ADB MRIO sectors ``c1``..``c35`` (default: the whole economy, ``TOTAL``); ``"all"``
            gives every sector of the aggregation.
        years : int or list of int, optional
            Years of 2017-2022 (default: all).
        aggregation : {0, 5, 15, 35}, optional
            0 = whole economy, 35 = sectors, 15 / 5 = sector groups (``g15_<i>`` / ``g5_<i>``).
            Default: 35 when ``sector`` is given, else 0.

        Returns
        -------
        pandas.DataFrame
            year, economy, economy_name, adb_code, aggregation, sector, sector_name,
            exports_musd, va_musd, gvc_trade_musd (forward, backward), gvc_prod_musd, the
            participation shares gvcp_trade (forward, backward) and gvcp_prod (fractions), plv,
            ply (production lengths) and gvc_position. ``attrs``: source, table, years, method.
        """
        codes = _codes(economy, "economy")
        known = self.store.memo(
            "adb_economies",
            lambda: set(self.store.sql("published_adb_economies")["iso3"].dropna()),
        )
        for c in codes:
            if c not in known:
                raise DataNotFoundError(
                    f"'economy': {c!r} is not one of ADB MRIO's 72 economies "
                    f"(e.g. IDN, VNM, THA, MYS, PHL, CHN, IND, JPN, KOR, USA)"
                )
        every = isinstance(sector, str) and sector.strip().lower() == "all"
        sectors = [] if every or sector is None else [s.lower() for s in _codes(sector, "sector")]
        wanted = aggregation if aggregation is not None else (35 if sector is not None else 0)
        agg = int(validate.choice("aggregation", str(wanted), ("0", "5", "15", "35")))
        if agg == 0 and sectors:
            raise InvalidInputError("'sector' needs aggregation 35, 15 or 5 (0 = whole economy)")
        frame = self.store.sql(
            "published_gvc_indicators",
            economies=codes, aggregation=agg, sectors=sectors, years=_years(years),
        )
        _missing(frame, "ADB GVC indicators for this selection",
                 "ADB MRIO 2017-2022, sectors c1-c35")
        return _label(frame, "ADB MRIO GVC indicators (ksreyes/mrio-processing)",
                      "adb_gvc_participation, adb_production_lengths", ADB_METHOD)

    def partner_trade(
        self,
        flow: Literal["export", "import"] = "export",
        years: int | Iterable[int] | None = None,
        partner: str | Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Return Indonesia's total merchandise exports or imports by partner (UN Comtrade).

        Parameters
        ----------
        flow : {"export", "import"}
            As reported by Indonesia.
        years : int or list of int, optional
            Years of 2000-2024 (default: all).
        partner : str or list of str, optional
            ISO3 codes of partners (default: all).

        Returns
        -------
        pandas.DataFrame
            year, partner, partner_name, value_usd, share_of_world, world_usd (Indonesia's
            declared World total), largest partners first within a year. ``attrs``: source,
            table, years.
        """
        flow = validate.choice("flow", flow, ("export", "import"))  # type: ignore[assignment]
        frame = self.store.sql(
            "published_partner_trade",
            flow=flow, years=_years(years), partners=_codes(partner, "partner"),
        )
        _missing(frame, f"Indonesian {flow}s for this selection", "UN Comtrade 2000-2024")
        return _label(frame, "UN Comtrade, reported by Indonesia (cmdCode TOTAL)",
                      "partner_trade")

    def published_eci(
        self,
        country: str | Iterable[str] | None = None,
        classification: Literal["HS92", "SITC"] = "HS92",
    ) -> pd.DataFrame:
        """Return the Atlas's published ECI and ECI rank by country and year (1995-2023).

        Parameters
        ----------
        country : str or list of str, optional
            ISO3 codes (default: every ranked country).
        classification : {"HS92", "SITC"}
            The Atlas ranking.

        Returns
        -------
        pandas.DataFrame
            year, country, country_name, eci, eci_rank (among the ranked_countries of the
            year, from the published ECI), ranked_countries, source_rank (the source table's
            rank column, which counts every location of its full table). ``attrs``: source,
            table, years, method (how it differs from gvc's ECI).
        """
        cls = validate.choice("classification", str(classification).upper(), ("HS92", "SITC"))
        frame = self.store.sql("published_eci", classification=cls,
                               countries=_codes(country, "country"))
        _missing(frame, "published ECI for this selection", "Atlas ECI 1995-2023")
        return _label(frame, "Harvard Growth Lab, Atlas of Economic Complexity (published)",
                      "published_eci", ATLAS_METHOD)

    def chapter_exports(
        self,
        chapter: str | int | Iterable[str | int] | None = None,
        by: Literal["chapter", "country", "destination"] = "chapter",
        years: int | Iterable[int] | None = None,
        months: Literal[12, 5] = 12,
    ) -> pd.DataFrame:
        """Return Indonesia's exports by HS chapter, by destination, or by chapter x destination.

        Parameters
        ----------
        chapter : str, int or list, optional
            HS chapters (``"94"`` or ``94``); default all.
        by : {"chapter", "country", "destination"}
            ``"chapter"``: non-oil exports by HS chapter (all 98, Indonesian titles), million
            USD; ``"country"``: non-oil exports by destination, million USD (all chapters;
            ``chapter`` must be None); ``"destination"``: BPS exports of the chapter by
            destination, USD (embedded: chapters 01-24 for 2023-2025, 84-85 for 2020-2025; more
            after ``gvc import bps_exim``).
        years : int or list of int, optional
            Default: all loaded years.
        months : {12, 5}
            For ``"chapter"`` / ``"country"``: whole years 2020-2024 (12) or January-May of 2024
            and 2025 (5).

        Returns
        -------
        pandas.DataFrame
            With year, the chapter and/or destination, the value and its share of the total of
            its year (and chapter). ``attrs``: source, table, years (and a note on partial years).
        """
        by = validate.choice("by", by, ("chapter", "country", "destination"))  # type: ignore[assignment]
        chapters = _chapters(chapter)
        ys = _years(years)
        if by == "destination":
            frame = self.store.sql("published_chapter_destinations", chapters=chapters,
                                   years=ys, embedded=list(EMBEDDED_BPS))
            _missing(frame, "BPS exports by destination for this chapter and year",
                     "embedded: chapters 01-24 2023-2025 and 84-85 2020-2025; add more with "
                     "'gvc import bps_exim FILE.xlsx'")
            return _label(frame, "BPS Ekspor-Impor (FOB USD)", "trade_flows (bps_exim_*)",
                          note="2025: January-October for chapters 84-85")
        m = int(validate.choice("months", str(months), ("12", "5")))
        if by == "country":
            if chapters:
                raise InvalidInputError(
                    "by='country' gives all non-oil chapters together; for one chapter by "
                    "destination use by='destination'"
                )
            frame = self.store.sql("published_nonoil_countries", years=ys, months=m)
            table = "idn_nonoil_exports_country"
        else:
            frame = self.store.sql("published_chapter_exports", chapters=chapters, years=ys,
                                   months=m)
            table = "idn_nonoil_exports_chapter"
        _missing(frame, "non-oil exports for this selection",
                 "2020-2024 (months=12), January-May 2024-2025 (months=5)")
        note = "January-May" if m == 5 else None
        return _label(frame, "Indonesia's non-oil exports (BPS data, Ministry of Trade layout; "
                      "million USD FOB)", table, note=note)
