-- cluster_product_flow_years: the HS 4-digit headings whose product-level bilateral flows (a
-- source with several exporters) hold Indonesia's exports, with the newest such year.
-- params: none
-- returns: hs4, year, source
with multi as (
    select source, year
    from trade_flows
    group by source, year
    having count(distinct exporter) >= 2
),
held as (
    select substr(f.product, 1, 4) as hs4, f.year, f.source, count(*) as n
    from trade_flows f
    join multi m on m.source = f.source and m.year = f.year
    where f.exporter = 'IDN' and f.value_usd > 0 and f.level >= 4
    group by all
)
select hs4, max(year) as year, arg_max(source, year * 1e9 + n) as source
from held
group by hs4
order by hs4
