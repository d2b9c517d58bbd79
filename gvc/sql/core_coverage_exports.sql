-- core_coverage_exports: what the exports table holds, by source, revision and level.
-- params: none
-- returns: source, hs_revision, level, first_year, last_year, exporters, products, total_usd
select source, hs_revision, level, min(year) as first_year, max(year) as last_year,
       count(distinct exporter) as exporters, count(distinct product) as products,
       sum(value_usd) as total_usd
from exports group by all order by source, hs_revision, level
