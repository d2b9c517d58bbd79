-- market_chapter_exports: exporter totals by HS chapter (all products of every exporter), the basis
-- of chapter RCA and of world market size.
-- params: $source (an `exports` source at level 2, e.g. 'baci_hs92_hs2'), $year
-- returns: exporter, product (HS2), value (USD)
select exporter, product, sum(value_usd) as value
from exports
where source = $source and year = $year and level = 2 and value_usd > 0
  and exporter not in (select iso3 from countries where is_aggregate)
group by exporter, product
order by exporter, product
