-- core_coverage_exports_by_year: world exports by source and year.
-- params: none
-- returns: source, year, world_usd
select source, year, sum(value_usd) as world_usd from exports group by all order by all
