-- published_gvc_indicators: ADB's published GVC participation with production lengths and
-- position, by economy, sector and year (ADB MRIO, 72 economies, 2017-2022).
-- params: $economies (list of ISO3, empty = all), $aggregation (0 / 5 / 15 / 35),
--         $sectors (list, empty = all of the aggregation), $years (list, empty = all)
select p.year, p.economy, e.name as economy_name, p.adb_code, p.aggregation, p.sector,
       coalesce(s.name, case when p.aggregation = 0 then 'Whole economy' end) as sector_name,
       p.exports_musd, p.va_musd, p.gvc_trade_musd, p.gvc_trade_forward_musd,
       p.gvc_trade_backward_musd, p.gvc_prod_musd,
       p.gvcp_trade, p.gvcp_trade_forward, p.gvcp_trade_backward, p.gvcp_prod,
       l.plv, l.ply, l.gvc_position
from adb_gvc_participation p
join adb_economies e on e.adb_code = p.adb_code
left join adb_sectors s on p.aggregation = 35 and s.sector = p.sector
left join adb_production_lengths l
  on l.year = p.year and l.economy = p.economy and l.aggregation = p.aggregation
 and l.sector = p.sector
where p.aggregation = $aggregation
  and (len($economies) = 0 or list_contains($economies, p.economy))
  and (len($sectors) = 0 or list_contains($sectors, p.sector))
  and (len($years) = 0 or list_contains($years, p.year))
order by p.economy, p.year, s.position nulls first, p.sector
