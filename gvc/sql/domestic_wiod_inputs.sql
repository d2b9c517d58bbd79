-- domestic_wiod_inputs: intermediate inputs of one region's sectors by supplying sector, split
-- into domestic and imported, with the region's gross output and exports by sector (WIOD 2013).
-- params: $region (ISO3), $year
-- returns: kind ('input' / 'output' / 'exports'), from_sector, to_sector, domestic, imported
select 'input' as kind, from_sector, to_sector,
       sum(value) filter (where from_region = $region) as domestic,
       sum(value) filter (where from_region <> $region) as imported
from io_intermediate
where io_table = 'wiod2013' and year = $year and to_region = $region
group by from_sector, to_sector
union all
select 'output', sector, sector, sum(value), 0.0
from io_output
where io_table = 'wiod2013' and year = $year and region = $region
group by sector
union all
select 'exports', from_sector, from_sector, sum(value), 0.0
from (
    select from_sector, value from io_intermediate
    where io_table = 'wiod2013' and year = $year and from_region = $region and to_region <> $region
    union all
    select from_sector, value from io_final
    where io_table = 'wiod2013' and year = $year and from_region = $region and to_region <> $region
)
group by from_sector
