-- cluster_bps_markets: Indonesia's agri-food exports by HS chapter and destination in the latest
-- BPS year (trade_flows source 'bps_exim_agrifood', USD FOB).
-- params: none
-- returns: year, chapter, importer, value_usd, share (of the chapter's exports that year)
with latest as (
    select max(year) as year from trade_flows where source = 'bps_exim_agrifood'
),
agg as (
    select t.year, t.product as chapter, t.importer, sum(t.value_usd) as value_usd
    from trade_flows t
    join latest on t.year = latest.year
    where t.source = 'bps_exim_agrifood' and t.exporter = 'IDN' and t.importer is not null
    group by t.year, t.product, t.importer
)
select year, chapter, importer, value_usd,
       value_usd / sum(value_usd) over (partition by chapter) as share
from agg
order by chapter, value_usd desc, importer
