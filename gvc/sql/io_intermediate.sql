-- io_intermediate: intermediate use of one IO table and year at dense matrix positions.
-- params: $io_table, $year
-- returns: row, col (0-based, region-major: region_pos * n_sectors + sector_pos), value
with r as (
    select region, row_number() over (order by position, region) - 1 as p
    from io_regions where io_table = $io_table
), s as (
    select sector, row_number() over (order by position, sector) - 1 as p
    from io_sectors where io_table = $io_table
), k as (select count(*) as n from s)
select (fr.p * k.n + fs.p)::integer as row, (tr.p * k.n + ts.p)::integer as col, i.value
from io_intermediate i
join r fr on fr.region = i.from_region
join s fs on fs.sector = i.from_sector
join r tr on tr.region = i.to_region
join s ts on ts.sector = i.to_sector
cross join k
where i.io_table = $io_table and i.year = $year and i.value <> 0
