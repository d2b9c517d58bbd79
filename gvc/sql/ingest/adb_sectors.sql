-- adb_sectors: the 35 ADB MRIO sectors (c1-c35) with their 15- and 5-sector groups.
-- files: $sectors
create table adb_sectors as
select mrio_code as sector, cast(ind as integer) as position, mrio_desc as name,
       mrio_desc_short as short_name, abv as abbreviation, cast(ind15 as integer) as group15,
       mrio15_desc as group15_name, cast(ind5 as integer) as group5, mrio5_desc as group5_name
from read_csv($sectors, header = true, quote = '"', escape = '"', all_varchar = true);
