-- bps_destination_names (name, iso3): BPS destination names -> ISO3 (compiled for gvc).
-- files: $names
create table bps_destination_names as
select bps_name as name, iso3
from read_csv($names, header = true, quote = '"', escape = '"', all_varchar = true);
