-- market_requirements: the sourced market entry requirements fact table.
-- files: $f
create table market_requirements as
select * replace (cast(row_id as integer) as row_id)
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true);
