-- complexity_sources: which trade tables hold country x product values for a year/revision/level.
-- params: $year (int), $revision (HS92..HS22), $level (2/4/6: the level wanted; finer data roll up)
-- returns: tbl ('exports' or 'trade_flows'), source, stored_level, rows, locations
select 'exports' as tbl, source, min(level) as stored_level, count(*) as rows,
       count(distinct exporter) as locations
from exports
where year = $year and hs_revision = $revision and level >= $level
group by source
union all
select 'trade_flows' as tbl, source, min(level) as stored_level, count(*) as rows,
       count(distinct exporter) as locations
from trade_flows
where year = $year and hs_revision = $revision and level >= $level
group by source
order by tbl, stored_level, source
