-- market_source_exporter: whether one source and year hold any exports of one exporter.
-- params: $source, $year, $exporter (ISO3)
-- returns: one row (held = 1) or none
select 1 as held
from trade_flows
where source = $source and year = $year and exporter = $exporter
limit 1
