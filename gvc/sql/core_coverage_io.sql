-- core_coverage_io: the loaded IO tables with their span and size.
-- params: none
-- returns: io_table, first_year, last_year, regions, sectors, unit
select io_table, min(year) as first_year, max(year) as last_year,
       max(n_regions) as regions, max(n_sectors) as sectors, any_value(unit) as unit
from io_catalog group by io_table order by io_table
