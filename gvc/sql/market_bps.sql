-- market_bps: an exporter's exports by HS chapter and destination from the BPS agri-food data.
-- params: $exporter (ISO3)
-- returns: year, chapter, importer, value (USD)
select year, product as chapter, importer, sum(value_usd) as value
from trade_flows
where source = 'bps_exim_agrifood' and exporter = $exporter and value_usd > 0
group by year, product, importer
order by year, chapter, importer
