-- market_flows: bilateral flows of one source and year, summed over HS revisions, for export
-- potential; aggregates (countries.is_aggregate) and flows to oneself are left out.
-- params: $source, $year
-- returns: exporter, importer, product, value (USD)
select f.exporter, f.importer, f.product, sum(f.value_usd) as value
from trade_flows f
where f.source = $source and f.year = $year and f.value_usd > 0
  and f.exporter <> f.importer
  and f.exporter not in (select iso3 from countries where is_aggregate)
  and f.importer not in (select iso3 from countries where is_aggregate)
group by f.exporter, f.importer, f.product
order by f.exporter, f.importer, f.product
