-- market_bps_destinations: an exporter's exports of one product by destination from the
-- single-exporter BPS sources (the embedded agri-food chapters 01-24 2023-2025 and chapters 84-85
-- 2020-2025, and every imported `gvc import bps_exim` release): chapter rows (level 2) of the
-- product's chapter and finer rows (level 6) under the product's code.
-- params: $exporter (ISO3), $prefix (the HS code or prefix), $chapter (its first two digits)
-- returns: source, year, level, importer, value (USD)
select f.source, f.year, f.level, f.importer, sum(f.value_usd) as value
from trade_flows f
where starts_with(f.source, 'bps_exim') and f.exporter = $exporter and f.value_usd > 0
  and f.importer is not null and f.importer <> f.exporter
  and f.importer not in (select iso3 from countries where is_aggregate)
  and ((f.level = 2 and f.product = $chapter)
       or (f.level > 2 and starts_with(f.product, $prefix)))
group by all
order by f.source, f.year, f.level, value desc, f.importer
