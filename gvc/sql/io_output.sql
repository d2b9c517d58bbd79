-- io_output: published gross output of one IO table and year at dense positions.
-- params: $io_table, $year    returns: row (0-based country-sector), value
with r as (
    select region, row_number() over (order by position, region) - 1 as p
    from io_regions where io_table = $io_table
), s as (
    select sector, row_number() over (order by position, sector) - 1 as p
    from io_sectors where io_table = $io_table
), k as (select count(*) as n from s)
select (r.p * k.n + s.p)::integer as row, o.value
from io_output o
join r on r.region = o.region
join s on s.sector = o.sector
cross join k
where o.io_table = $io_table and o.year = $year
