-- market_chapter_world: world exports and one exporter's exports by HS chapter and year.
-- params: $source (an `exports` source at level 2), $exporter (ISO3)
-- returns: year, chapter, world_usd, exporter_usd
select year, product as chapter, sum(value_usd) as world_usd,
       sum(case when exporter = $exporter then value_usd else 0 end) as exporter_usd
from exports
where source = $source and level = 2
  and exporter not in (select iso3 from countries where is_aggregate)
group by year, product
order by year, product
