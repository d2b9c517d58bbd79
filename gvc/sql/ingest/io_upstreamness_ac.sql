-- io_upstreamness_ac: Antras-Chor GVC position measures on WIOD 2013.
-- files: $ac
create table io_upstreamness_ac as
select 'wiod2013' as io_table, "YEAR" as year, "ISO3C" as region,
       'c' || "WIOT2013_n" as sector, "WIOT2013_n" as position,
       "GVC_Ui" as upstreamness, "GVC_FUGOi" as fugo, "GVC_Di" as downstreamness,
       "GVC_VAGOi" as vago
from read_csv($ac, header = true, quote = '"', escape = '"', columns = {
    'YEAR': 'INTEGER', 'ISO3C': 'VARCHAR', 'WIOT2013_n': 'INTEGER', 'GVC_Ui': 'DOUBLE',
    'GVC_FUGOi': 'DOUBLE', 'GVC_Di': 'DOUBLE', 'GVC_VAGOi': 'DOUBLE'});
