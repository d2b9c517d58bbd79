-- conc_hs_bec4: HS6 -> BEC Rev.4 (HS92, HS17, HS22).
-- files: $hs92, $hs17, $hs22
create table conc_hs_bec4 as
select 'HS92' as hs_revision, "HS0_6d" as hs6, "BEC4_3d" as bec4
from read_csv($hs92, header = true, quote = '"', escape = '"', all_varchar = true)
union all
select 'HS17', "HS5_6d", "BEC4_3d"
from read_csv($hs17, header = true, quote = '"', escape = '"', all_varchar = true)
union all
select 'HS22', "HS6_6d", "BEC4_3d"
from read_csv($hs22, header = true, quote = '"', escape = '"', all_varchar = true);
