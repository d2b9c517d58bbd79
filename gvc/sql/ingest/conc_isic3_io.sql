-- conc_isic3_io: ISIC Rev.3 class -> WIOD 2013 sector, and -> OECD ICIO 2025 industry.
-- WIOD: the package table (isic3_to_wiod2013_sectors.csv). ICIO: the longest ISIC Rev.3 prefix of
-- isic3_to_oecd_icio2025_sectors.csv (compiled for gvc: division, group or class -> the ICIO
-- industry of its ISIC Rev.4 successor, e.g. 3610 furniture -> C31T33, 2423 pharmaceuticals -> C21)
-- over every ISIC Rev.3 class of isic_descriptions; classes without a prefix (the service
-- divisions other than 74, 92, 93) are left out, as no HS product maps to them.
-- files: $f, $icio
create table conc_isic3_io as
select distinct 'wiod2013' as io_table, "ISIC3_4d" as isic3, 'c' || "WIOT2013_n" as sector
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
where "WIOT2013_n" is not null and "WIOT2013_n" <> ''
union all
select 'icio2025' as io_table, d.code as isic3,
       arg_max(m.sector, length(m.isic3_prefix)) as sector
from isic_descriptions d
join read_csv($icio, header = true, quote = '"', escape = '"', all_varchar = true) m
  on starts_with(d.code, m.isic3_prefix)
where d.revision = '3' and regexp_full_match(d.code, '[0-9]{4}')
group by d.code;
