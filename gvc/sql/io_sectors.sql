-- io_sectors: the sectors of one IO table in matrix order.
-- params: $io_table    returns: sector, pos (0-based), code, name
select sector, (row_number() over (order by position, sector) - 1)::integer as pos, code, name
from io_sectors
where io_table = $io_table
order by pos
