-- conc_hs_isic4: HS6 (all vintages combined) -> ISIC Rev.4 class.
-- files: $f
create table conc_hs_isic4 as
select distinct "HS_6d" as hs6, "ISIC4_4d" as isic4
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true);
