-- conc_isic4_adb35: ISIC Rev.4 class -> ADB MRIO sector (c1-c35), via ISIC Rev.3.
-- files: $f
create table conc_isic4_adb35 as
select isic4, isic3, mrio as sector
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true);
