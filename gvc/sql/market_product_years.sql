-- market_product_years: the years in which a bilateral source with several exporters (the ones
-- export potential can use) holds exports of one product (code or prefix) by one exporter.
-- params: $exporter (ISO3), $prefix (HS code or prefix)
-- returns: source, year, rows
with multi as (
    select source, year
    from trade_flows
    group by source, year
    having count(distinct exporter) >= 2
)
select f.source, f.year, count(*) as rows
from trade_flows f
join multi m on m.source = f.source and m.year = f.year
where f.exporter = $exporter and starts_with(f.product, $prefix) and f.value_usd > 0
group by f.source, f.year
order by f.year, f.source
