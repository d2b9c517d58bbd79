-- market_exports: each exporter's exports by product of one source and year, summed over
-- importers (shown as 'WLD') and HS revisions, with the filters of market_flows (aggregates and
-- flows to oneself left out): the earlier year of export potential's supply growth, which
-- needs exporter x product totals only (a tenth of a BACI year's rows).
-- params: $source, $year
-- returns: exporter, importer ('WLD'), product, value (USD)
select f.exporter, 'WLD' as importer, f.product, sum(f.value_usd) as value
from trade_flows f
where f.source = $source and f.year = $year and f.value_usd > 0
  and f.exporter <> f.importer
  and f.exporter not in (select iso3 from countries where is_aggregate)
  and f.importer not in (select iso3 from countries where is_aggregate)
group by f.exporter, f.product
order by f.exporter, f.product
