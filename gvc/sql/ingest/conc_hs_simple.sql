-- conc_hs_simple: one-to-one-ish HS6 revision links (HS17 -> HS92, HS22 -> HS92, HS22 -> HS17).
-- files: $hs17_hs92, $hs22_hs92, $hs22_hs17
create table conc_hs_simple as
select 'HS17' as from_revision, "HS5_6d" as from_code, 'HS92' as to_revision, "HS0_6d" as to_code
from read_csv($hs17_hs92, header = true, quote = '"', escape = '"', all_varchar = true)
union all
select 'HS22', "HS6_6d", 'HS92', "HS0_6d"
from read_csv($hs22_hs92, header = true, quote = '"', escape = '"', all_varchar = true)
union all
select 'HS22', "HS6_6d", 'HS17', "HS5_6d"
from read_csv($hs22_hs17, header = true, quote = '"', escape = '"', all_varchar = true);
