-- core_coverage_hs: HS codes by revision and level.
-- params: none
-- returns: hs_revision, level, codes
select hs_revision, level, count(*) as codes from products group by all order by all
