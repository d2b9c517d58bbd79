-- conc_hs_isic3: HS6 -> ISIC Rev.3 class (HS92, HS17, HS22).
-- files: $hs92, $hs17, $hs22
create table conc_hs_isic3 as
select 'HS92' as hs_revision, "HS0_6d" as hs6, "ISIC3_4d" as isic3
from read_csv($hs92, header = true, quote = '"', escape = '"', all_varchar = true)
union all
select 'HS17', "HS5_6d", "ISIC3_4d"
from read_csv($hs17, header = true, quote = '"', escape = '"', all_varchar = true)
union all
select 'HS22', "HS6_6d", "ISIC3_4d"
from read_csv($hs22, header = true, quote = '"', escape = '"', all_varchar = true);
