-- io_regions: the regions of one IO table in matrix order.
-- params: $io_table    returns: region, pos (0-based), name
select region, (row_number() over (order by position, region) - 1)::integer as pos, name
from io_regions
where io_table = $io_table
order by pos
