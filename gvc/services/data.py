"""The data service: the canonical tables (datasets, coverage, countries, products, trade, IO).

Every method returns a pandas DataFrame read through one ``gvc/sql/core_*.sql`` statement. A trade
query returns one source and one HS level unless the caller asks for more (``source="all"``):
the Atlas HS4 rows and the BACI HS2 chapter totals describe the same flows at two levels, so
stacking them would count world trade twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from gvc import validate
from gvc.errors import DataNotFoundError
from gvc.services.store import Store

MAX_ROWS = 10_000_000
IO_BLOCKS = ("intermediate", "final", "output", "value_added")
IOBlock = Literal["intermediate", "final", "output", "value_added"]
Level = Literal[2, 4, 6]
#: ``source=ALL`` stacks every source (and level) that matches the filters.
ALL = "all"


@dataclass(frozen=True)
class TradeFilter:
    """Validated filters of a trade query (None: no filter)."""

    year: int | None
    exporter: str | None
    product: str | None
    revision: str | None


def _fold(text: str) -> str:
    """Return ``text`` in lower case without accents, punctuation as single spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


class DataService:
    """Reading the canonical tables of one snapshot.

    Parameters
    ----------
    store : Store
        The snapshot.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def datasets(self) -> pd.DataFrame:
        """List the loaded datasets.

        Returns
        -------
        DataFrame
            Columns name, table_name, rows, years, coverage (the grain), source, licence and
            feeds (the analyses it serves, :mod:`gvc.services.coverage`).
        """
        from gvc.services.coverage import feeds

        out = self.store.sql("core_datasets")
        out["feeds"] = out["table_name"].map(feeds).astype("str")
        return out

    def data_gaps(self, product: str, exporter: str = "IDN", lang: str = "en") -> pd.DataFrame:
        """Say, analysis by analysis, what the loaded data give for one product.

        See :func:`gvc.services.coverage.data_gaps` (columns analysis, grain, status, years,
        source, command: the download or import that adds what is missing).
        """
        from gvc.services.coverage import data_gaps

        return data_gaps(self.store, product, exporter, validate.choice("lang", lang, ["en", "id"]))

    def coverage(self) -> dict[str, pd.DataFrame]:
        """Summarise what is loaded: trade years, exporters, world totals, IO tables, HS codes."""
        s = self.store
        return {
            "exports": s.sql("core_coverage_exports"),
            "exports_by_year": s.sql("core_coverage_exports_by_year"),
            "trade_flows": s.sql("core_coverage_flows"),
            "io_tables": s.sql("core_coverage_io"),
            "hs_codes": s.sql("core_coverage_hs"),
        }

    def countries(self, include_aggregates: bool = False) -> pd.DataFrame:
        """List countries: iso3, iso_num, iso2, name, wdi_region, income_group, is_aggregate."""
        return self.store.sql("core_countries", agg=bool(include_aggregates))

    def hs_sections(self) -> pd.DataFrame:
        """List the 21 HS sections (section, name)."""
        return self.store.sql("core_hs_sections")

    def country_positions(self) -> pd.DataFrame:
        """Country positions of CEPII GeoDist: iso3, name, lat, lon (one row per ISO3)."""
        return self.store.sql("core_geo")

    def products(
        self,
        search: str | None = None,
        level: Level | None = None,
        revision: str | None = "HS92",
        limit: int = 200,
    ) -> pd.DataFrame:
        """Find HS products by code prefix ("0901", "09 01") or by words ("coffee roasted").

        Words are matched in English (the HS descriptions) and in Indonesian (BTKI 2022 names),
        in lower case without accents; every word must occur. Everyday Indonesian words that BTKI
        does not use also find the BTKI word ("mebel" finds "perabotan", "sepatu" "alas kaki";
        ``data/hs_codes/search_synonyms_id.csv``).

        Returns
        -------
        DataFrame
            Columns hs_revision, code, level, description, section, parent, description_id
            (the Indonesian name, where BTKI 2022 gives one for the code in that revision).
        """
        rev = self.store.check_revision(revision) if revision is not None else None
        lvl = _level(level)
        prefix: str | None = None
        groups: list[list[str]] = []
        if search is not None:
            s = validate.text("search", search)
            compact = _fold(s).replace(" ", "")  # "09.01", "09 01" and "0901" are one code
            if compact.isdigit():
                prefix = compact
            else:
                groups = self._word_groups(s)
                if not groups:  # only punctuation: no word to look for
                    return self.store.sql("core_products", revision=rev, level=lvl,
                                          prefix="-", groups=None, limit=1).iloc[0:0]
        n = validate.integer("limit", limit, 1, 100_000)
        return self.store.sql("core_products", revision=rev, level=lvl, prefix=prefix,
                              groups=groups or None, limit=n)

    def _word_groups(self, text: str) -> list[list[str]]:
        """Split a search into word groups: each word (or known phrase) and its synonyms."""
        folded = _fold(text)
        syn = self.store.memo("search_synonyms", lambda: self.store.sql("core_search_synonyms"))
        alternatives: dict[str, list[str]] = {}
        for term, target in zip(syn["term"], syn["search_for"], strict=True):
            alternatives.setdefault(str(term), []).append(str(target))
        groups: list[list[str]] = []
        # known phrases first ("rumput laut"), longest first, matched as whole words
        for term in sorted(alternatives, key=len, reverse=True):
            if " " in term and re.search(rf"(^| ){re.escape(term)}( |$)", folded):
                groups.append([term, *alternatives[term]])
                folded = re.sub(rf"(^| ){re.escape(term)}( |$)", " ", folded).strip()
        for word in folded.split():
            groups.append([word, *alternatives.get(word, [])])
        return groups

    def exports(
        self,
        year: int | None = None,
        exporter: str | None = None,
        product: str | None = None,
        revision: str | None = None,
        level: Level | None = None,
        source: str | None = None,
        limit: int = MAX_ROWS,
    ) -> pd.DataFrame:
        """Country x product exports (no partner) of one source at one HS level.

        Without ``source``, the source and level come from the first row of
        :meth:`export_sources` for the same filters (the finest HS level, then the source with
        most exporters); with ``source`` and no ``level``, the finest level of that source;
        ``source="all"`` stacks every matching source and level. The frame's
        ``attrs`` name the ``source`` and ``level`` returned.

        Returns
        -------
        DataFrame
            Columns source, year, exporter, hs_revision, level, product, description, value_usd.
        """
        f = self._filter(year, exporter, product, revision, "exports")
        lvl = _level(level)
        if source == ALL:
            src: str | None = None
        elif source is None:
            found = self.export_sources(f.year, f.exporter, f.product, f.revision, lvl)
            if found.empty:
                src = None  # nothing matches: the query returns an empty frame
            else:
                src, lvl = str(found["source"].iloc[0]), int(found["level"].iloc[0])
                if f.revision is None:
                    rev = str(found["hs_revision"].iloc[0])
                    f = TradeFilter(f.year, f.exporter, f.product, rev)
        else:
            src = validate.choice("source", source, self._sources("exports"))
            if lvl is None:  # one level of that source too: the finest that holds the filters
                found = self.export_sources(f.year, f.exporter, f.product, f.revision, None)
                levels = found.loc[found["source"] == src, "level"]
                lvl = int(levels.iloc[0]) if len(levels) else None
        out = self.store.sql("core_exports", exporter=f.exporter, year=f.year, product=f.product,
                             revision=f.revision, level=lvl, source=src,
                             limit=validate.integer("limit", limit, 1, MAX_ROWS))
        out.attrs.update({"source": src or ALL, "level": lvl})
        return out

    def export_sources(
        self,
        year: int | None = None,
        exporter: str | None = None,
        product: str | None = None,
        revision: str | None = None,
        level: int | None = None,
    ) -> pd.DataFrame:
        """List the (source, revision, level) combinations of ``exports`` matching the filters.

        Returns
        -------
        DataFrame
            Columns source, hs_revision, level, rows, exporters, world_usd; the finest level
            first, then the most exporters (the first row is the default of :meth:`exports`).
        """
        return self.store.sql("core_export_sources", year=year, exporter=exporter,
                              product=product, revision=revision, level=level)

    def trade_flows(
        self,
        year: int | None = None,
        exporter: str | None = None,
        importer: str | None = None,
        product: str | None = None,
        revision: str | None = None,
        source: str | None = None,
        limit: int = MAX_ROWS,
    ) -> pd.DataFrame:
        """Bilateral flows of one source.

        Without ``source``, the source holding the filters with most exporters (then most rows);
        ``source="all"`` stacks every source. ``attrs["source"]`` names what is returned.

        Returns
        -------
        DataFrame
            Columns source, year, exporter, importer, hs_revision, level, product, value_usd,
            quantity, quantity_unit.
        """
        f = self._filter(year, exporter, product, revision, "trade_flows")
        imp = None if importer is None else self.store.check_country(importer, name="importer")
        if source == ALL:
            src: str | None = None
        elif source is None:
            found = self.store.sql("core_flow_sources", year=f.year, exporter=f.exporter,
                                   importer=imp, product=f.product, revision=f.revision)
            src = None if found.empty else str(found["source"].iloc[0])
        else:
            src = validate.choice("source", source, self._sources("trade_flows"))
        out = self.store.sql("core_trade_flows", exporter=f.exporter, importer=imp, year=f.year,
                             product=f.product, revision=f.revision, source=src,
                             limit=validate.integer("limit", limit, 1, MAX_ROWS))
        out.attrs["source"] = src or ALL
        return out

    def io_tables(self) -> pd.DataFrame:
        """List loaded IO tables: io_table, year, n_regions, n_sectors, unit, source."""
        return self.store.sql("core_io_tables")

    def io_table(self, name: str, year: int, block: IOBlock = "intermediate") -> pd.DataFrame:
        """Return one raw block of an IO table in long form.

        Parameters
        ----------
        name : str
            The table, e.g. ``"wiod2013"`` (see :meth:`io_tables`).
        year : int
            A loaded year of that table.
        block : {"intermediate", "final", "output", "value_added"}
            Which block.

        Returns
        -------
        DataFrame
            Columns block, from_region, from_sector, to_region, to_column, value (to_column is
            the using sector, the final-demand category, 'output' or the VA component).
        """
        table, y = self.check_io_table(name, year)
        blk = validate.choice("block", block, IO_BLOCKS)
        return self.store.sql("core_io_block", io_table=table, year=y, block=blk)

    def check_io_table(self, name: object, year: object) -> tuple[str, int]:
        """Return ``(name, year)`` for a loaded IO table, or raise naming what is loaded."""
        cat: pd.DataFrame = self.store.memo("io_catalog", self.io_tables)
        tables = sorted(set(cat["io_table"]))
        table = validate.choice("table", validate.text("table", name), tables)
        y = validate.integer("year", year, 1900, 2100)
        loaded = sorted(int(v) for v in cat.loc[cat["io_table"] == table, "year"])
        if y not in loaded:
            raise DataNotFoundError(
                f"'year': {y} is not loaded for IO table {table!r} "
                f"(loaded: {loaded[0]}-{loaded[-1]})"
            )
        return table, y

    def io_years(self, name: str) -> list[int]:
        """Return the loaded years of one IO table (ascending)."""
        cat: pd.DataFrame = self.store.memo("io_catalog", self.io_tables)
        return sorted(int(y) for y in cat.loc[cat["io_table"] == name, "year"])

    # -- helpers -------------------------------------------------------------------------------

    def _sources(self, table: str) -> list[str]:
        return self.store.memo(
            f"sources:{table}",
            lambda: [str(s) for s in self.store.sql_on("store_sources", table)["source"]],
        )

    def _filter(self, year: object, exporter: object, product: object, revision: object,
                table: str) -> TradeFilter:
        s = self.store
        return TradeFilter(
            year=None if year is None else s.check_year(table, year),
            exporter=None if exporter is None else s.check_country(exporter, "exporter"),
            product=None if product is None else validate.hs_code(product),
            revision=None if revision is None else s.check_revision(revision),
        )


def _level(level: object) -> int | None:
    return None if level is None else int(validate.choice("level", str(level), ["2", "4", "6"]))
