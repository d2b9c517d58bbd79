-- gvc_automotive_chain: the automotive value chain's tiers and activities by HS 2017 code.
-- files: $f
create table gvc_automotive_chain as
select cast("tierNumber" as integer) as tier,
       cast("GVCactivityNumber" as integer) as activity, lpad("HScode", 6, '0') as hs6,
       'HS17' as hs_revision
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true);
