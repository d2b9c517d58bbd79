-- io_final: final demand of one IO table and year at dense matrix positions.
-- params: $io_table, $year
-- returns: row (0-based country-sector), dest (0-based destination region), category, value
with r as (
    select region, row_number() over (order by position, region) - 1 as p
    from io_regions where io_table = $io_table
), s as (
    select sector, row_number() over (order by position, sector) - 1 as p
    from io_sectors where io_table = $io_table
), k as (select count(*) as n from s)
select (fr.p * k.n + fs.p)::integer as row, tr.p::integer as dest, f.category, f.value
from io_final f
join r fr on fr.region = f.from_region
join s fs on fs.sector = f.from_sector
join r tr on tr.region = f.to_region
cross join k
where f.io_table = $io_table and f.year = $year and f.value <> 0
