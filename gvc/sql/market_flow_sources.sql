-- market_flow_sources: bilateral trade sources by year, for picking the flows of export potential.
-- params: none
-- returns: source, year, exporters, importers, products, rows, value_usd
select source, year, count(distinct exporter) as exporters, count(distinct importer) as importers,
       count(distinct product) as products, count(*) as rows, sum(value_usd) as value_usd
from trade_flows
group by source, year
order by source, year
