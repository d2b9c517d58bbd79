-- cluster_bps_markets: Indonesia's exports by HS chapter and destination in each chapter's latest
-- year in the single-exporter BPS sources (the embedded agri-food chapters 01-24 2023-2025 and
-- chapters 84-85 2020-2025, and imported `gvc import bps_exim` releases at chapter level).
-- params: none
-- returns: year, chapter, importer, value_usd, share (of the chapter's exports that year), source
with agg as (
    select t.source, t.year, t.product as chapter, t.importer, sum(t.value_usd) as value_usd
    from trade_flows t
    where starts_with(t.source, 'bps_exim') and t.level = 2 and t.exporter = 'IDN'
      and t.importer is not null and t.value_usd > 0
    group by all
),
latest as (
    select chapter, max(year) as year from agg group by chapter
),
best as (
    -- one source per chapter and year: the one with the largest total
    select a.chapter, a.year, arg_max(a.source, a.total) as source
    from (select chapter, year, source, sum(value_usd) as total from agg group by all) a
    join latest l on l.chapter = a.chapter and l.year = a.year
    group by a.chapter, a.year
)
select a.year, a.chapter, a.importer, a.value_usd,
       a.value_usd / sum(a.value_usd) over (partition by a.chapter) as share, a.source
from agg a
join best b on b.chapter = a.chapter and b.year = a.year and b.source = a.source
order by a.chapter, a.value_usd desc, a.importer
