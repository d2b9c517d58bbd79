"""The ``Gvc`` methods that read the canonical tables: datasets, products, trade, IO blocks."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from gvc import validate
from gvc.errors import DataNotFoundError

if TYPE_CHECKING:  # pragma: no cover
    from gvc.api import Gvc

MAX_ROWS = 10_000_000
IO_BLOCKS = ("intermediate", "final", "output", "value_added")


class CoreMixin:
    """Reading the canonical tables (every method returns a pandas DataFrame)."""

    def datasets(self: Gvc) -> pd.DataFrame:
        """List the loaded datasets.

        Returns
        -------
        DataFrame
            Columns name, table_name, rows, years, coverage, source, licence.
        """
        return self.cursor().execute("select * from datasets order by table_name, name").df()

    def coverage(self: Gvc) -> dict[str, object]:
        """Summarise what is loaded: trade years, exporters, world totals, IO tables, HS codes."""
        cur = self.cursor()
        trade = cur.execute(
            """
            select source, hs_revision, level, min(year) as first_year, max(year) as last_year,
                   count(distinct exporter) as exporters, count(distinct product) as products,
                   sum(value_usd) as total_usd
            from exports group by all order by source
            """
        ).df()
        world_by_year = cur.execute(
            "select source, year, sum(value_usd) as world_usd from exports"
            " group by all order by all"
        ).df()
        io = cur.execute(
            """
            select io_table, min(year) as first_year, max(year) as last_year,
                   max(n_regions) as regions, max(n_sectors) as sectors, any_value(unit) as unit
            from io_catalog group by io_table order by io_table
            """
        ).df()
        hs = cur.execute(
            "select hs_revision, level, count(*) as codes from products group by all order by all"
        ).df()
        flows = cur.execute(
            """
            select source, hs_revision, min(year) as first_year, max(year) as last_year,
                   count(distinct exporter) as exporters, count(distinct importer) as importers,
                   count(*) as rows
            from trade_flows group by all order by source
            """
        ).df()
        return {"exports": trade, "exports_by_year": world_by_year, "trade_flows": flows,
                "io_tables": io, "hs_codes": hs}

    def countries(self: Gvc, include_aggregates: bool = False) -> pd.DataFrame:
        """List countries: iso3, iso_num, iso2, name, wdi_region, income_group, is_aggregate."""
        return self.cursor().execute(
            "select * from countries where $agg or not is_aggregate order by iso3",
            {"agg": bool(include_aggregates)},
        ).df()

    def products(
        self: Gvc,
        search: str | None = None,
        level: int | None = None,
        revision: str | None = "HS92",
        limit: int = 200,
    ) -> pd.DataFrame:
        """Find HS products by code prefix ("0901", "09 01") or by words ("coffee roasted").

        Returns
        -------
        DataFrame
            Columns hs_revision, code, level, description, section, parent.
        """
        rev = self.check_revision(revision) if revision is not None else None
        lvl = None if level is None else int(validate.choice("level", str(level), ["2", "4", "6"]))
        prefix: str | None = None
        words: list[str] = []
        if search is not None:
            s = validate.text("search", search)
            compact = re.sub(r"[\s.]", "", s)
            if compact.isdigit():
                prefix = compact
            else:
                words = [w for w in re.split(r"\s+", s.lower()) if w]
        n = validate.integer("limit", limit, 1, 100_000)
        return self.sql("core_products", revision=rev, level=lvl, prefix=prefix,
                        words=words or None, limit=n)

    def exports(
        self: Gvc,
        year: int | None = None,
        exporter: str | None = None,
        product: str | None = None,
        revision: str | None = None,
        level: int | None = None,
        source: str | None = None,
        limit: int = MAX_ROWS,
    ) -> pd.DataFrame:
        """Country x product exports (no partner).

        Returns
        -------
        DataFrame
            Columns source, year, exporter, hs_revision, level, product, description, value_usd.
        """
        params = self._trade_params(year, exporter, product, revision, "exports")
        lvl = None if level is None else int(validate.choice("level", str(level), ["2", "4", "6"]))
        src = None if source is None else validate.choice(
            "source", source, self._sources("exports"))
        return self.sql("core_exports", exporter=params["exporter"], year=params["year"],
                        product=params["product"], revision=params["revision"], level=lvl,
                        source=src, limit=validate.integer("limit", limit, 1, MAX_ROWS))

    def trade_flows(
        self: Gvc,
        year: int | None = None,
        exporter: str | None = None,
        importer: str | None = None,
        product: str | None = None,
        revision: str | None = None,
        source: str | None = None,
        limit: int = MAX_ROWS,
    ) -> pd.DataFrame:
        """Bilateral flows.

        Returns
        -------
        DataFrame
            Columns source, year, exporter, importer, hs_revision, level, product, value_usd,
            quantity, quantity_unit.
        """
        params = self._trade_params(year, exporter, product, revision, "trade_flows")
        imp = None if importer is None else self.check_country(importer, name="importer")
        src = None if source is None else validate.choice(
            "source", source, self._sources("trade_flows"))
        return self.sql("core_trade_flows", exporter=params["exporter"], importer=imp,
                        year=params["year"], product=params["product"],
                        revision=params["revision"], source=src,
                        limit=validate.integer("limit", limit, 1, MAX_ROWS))

    def io_tables(self: Gvc) -> pd.DataFrame:
        """List loaded IO tables: io_table, year, n_regions, n_sectors, unit, source."""
        return self.cursor().execute("select * from io_catalog order by io_table, year").df()

    def io_table(self: Gvc, name: str, year: int, block: str = "intermediate") -> pd.DataFrame:
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
        return self.sql("core_io_block", io_table=table, year=y, block=blk)

    def check_io_table(self: Gvc, name: object, year: object) -> tuple[str, int]:
        """Return ``(name, year)`` for a loaded IO table, or raise naming what is loaded."""
        cat = self.memo("io_catalog", lambda: self.io_tables())
        tables = sorted(set(cat["io_table"]))  # type: ignore[index]
        table = validate.choice("table", validate.text("table", name), tables)
        y = validate.integer("year", year, 1900, 2100)
        loaded = sorted(int(v) for v in cat.loc[cat["io_table"] == table, "year"])  # type: ignore[union-attr]
        if y not in loaded:
            raise DataNotFoundError(
                f"'year': {y} is not loaded for IO table {table!r} "
                f"(loaded: {loaded[0]}-{loaded[-1]})"
            )
        return table, y

    # -- helpers -------------------------------------------------------------------------------

    def _sources(self: Gvc, table: str) -> list[str]:
        ident = {"exports": "exports", "trade_flows": "trade_flows"}[table]
        return self.memo(  # type: ignore[return-value]
            f"sources:{ident}",
            lambda: [r[0] for r in self.cursor().execute(
                f"select distinct source from {ident} order by 1").fetchall()],
        )

    def _trade_params(self: Gvc, year: object, exporter: object, product: object,
                      revision: object, table: str) -> dict[str, object]:
        return {
            "year": None if year is None else self.check_year(table, year),
            "exporter": None if exporter is None else self.check_country(exporter, "exporter"),
            "product": None if product is None else validate.hs_code(product),
            "revision": None if revision is None else self.check_revision(revision),
        }
