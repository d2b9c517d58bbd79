-- cluster_chapter_growth: world exports by HS chapter in two years of one exports source.
-- params: $source (e.g. 'baci_hs92_hs2'), $first_year, $last_year
-- returns: chapter, first_usd, last_usd
select product as chapter,
       sum(value_usd) filter (where year = $first_year) as first_usd,
       sum(value_usd) filter (where year = $last_year) as last_usd
from exports
where source = $source and level = 2 and year in ($first_year, $last_year)
group by product
order by product
