-- complexity_years: years with country x product trade of one HS revision at $level digits or finer.
-- params: $revision (HS92..HS22), $level (2/4/6)
-- returns: year
select distinct year from exports where hs_revision = $revision and level >= $level
union
select distinct year from trade_flows where hs_revision = $revision and level >= $level
order by year
