-- conc_isic3_io: ISIC Rev.3 class -> WIOD 2013 sector.
-- files: $f
create table conc_isic3_io as
select distinct 'wiod2013' as io_table, "ISIC3_4d" as isic3, 'c' || "WIOT2013_n" as sector
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
where "WIOT2013_n" is not null and "WIOT2013_n" <> '';
