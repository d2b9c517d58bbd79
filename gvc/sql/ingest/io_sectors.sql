-- io_sectors: the sectors of every embedded IO table in matrix order.
-- files: $wiod, $icio
create table io_sectors as
select 'wiod2013' as io_table, wiod_short_code as sector, wiod_index as position,
       wiod_code as code, wiod_sector_name as name, isic_rev3_basis as isic3_basis
from read_csv($wiod, header = true, quote = '"', escape = '"', columns = {
    'wiod_index': 'INTEGER', 'wiod_short_code': 'VARCHAR', 'wiod_code': 'VARCHAR',
    'isic_rev3_basis': 'VARCHAR', 'wiod_sector_name': 'VARCHAR'})
union all
select 'icio2025', code, cast(row_number() over () as integer), code, economic_activity, null
from read_csv($icio, header = true, quote = '"', escape = '"', all_varchar = true);
