-- core_io_block: one block of an IO table in long form.
-- params: $io_table, $year, $block ('intermediate' | 'final' | 'output' | 'value_added')
-- returns: block, from_region, from_sector, to_region, to_sector_or_category, value
select 'intermediate' as block, from_region, from_sector, to_region,
       to_sector as to_column, value
from io_intermediate where $block = 'intermediate' and io_table = $io_table and year = $year
union all
select 'final', from_region, from_sector, to_region, category, value
from io_final where $block = 'final' and io_table = $io_table and year = $year
union all
select 'output', region, sector, null, 'output', value
from io_output where $block = 'output' and io_table = $io_table and year = $year
union all
select 'value_added', region, sector, null, component, value
from io_value_added where $block = 'value_added' and io_table = $io_table and year = $year
order by 2, 3, 4, 5
