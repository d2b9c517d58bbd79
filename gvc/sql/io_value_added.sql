-- io_value_added: value added (summed over components) of one IO table and year; empty when
-- the table has no value-added rows (e.g. wiod2013).
-- params: $io_table, $year    returns: row (0-based country-sector), value
with r as (
    select region, row_number() over (order by position, region) - 1 as p
    from io_regions where io_table = $io_table
), s as (
    select sector, row_number() over (order by position, sector) - 1 as p
    from io_sectors where io_table = $io_table
), k as (select count(*) as n from s)
select (r.p * k.n + s.p)::integer as row, sum(v.value) as value
from io_value_added v
join r on r.region = v.region
join s on s.sector = v.sector
cross join k
where v.io_table = $io_table and v.year = $year
group by all
