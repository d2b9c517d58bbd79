-- core_coverage_flows: what the trade_flows table holds, by source and revision.
-- params: none
-- returns: source, hs_revision, first_year, last_year, exporters, importers, rows
select source, hs_revision, min(year) as first_year, max(year) as last_year,
       count(distinct exporter) as exporters, count(distinct importer) as importers,
       count(*) as rows
from trade_flows group by all order by source, hs_revision
