-- conc_isic4_isic3: ISIC Rev.4 class -> ISIC Rev.3 class.
-- files: $f
create table conc_isic4_isic3 as
select distinct "ISIC4_4d" as isic4, "ISIC3_4d" as isic3
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true);
