-- conc_hs02_adb35: HS 2002 6-digit -> CPC, ISIC Rev.3 and ADB MRIO sector.
-- files: $f
create table conc_hs02_adb35 as
select 'HS02' as hs_revision, hs02 as hs6, cpc1 as cpc, isic3, mrio as sector
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true);
