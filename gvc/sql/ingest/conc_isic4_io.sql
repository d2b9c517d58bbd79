-- conc_isic4_io: ISIC Rev.4 class (4 digits) -> OECD ICIO 2025 industry. The ICIO industries
-- are ISIC Rev.4 divisions or groups (isic4_to_oecd_icio2025_sectors.csv, compiled for gvc from
-- the industry codes: C10T12 = divisions 10-12, C24A = 241 + 2431, C24B = 242 + 2432, C301 =
-- 301, C302T309 = 302-309); every class of isic4_descriptions falls in exactly one of them,
-- except 9900 (extraterritorial organisations: not an ICIO industry).
-- files: $map
create table conc_isic4_io as
with m as (
    select sector, unnest(string_split(isic4_prefixes, ' ')) as prefix
    from read_csv($map, header = true, quote = '"', escape = '"', all_varchar = true)
)
select 'icio2025' as io_table, d.code as isic4, m.sector
from isic_descriptions d
join m on starts_with(d.code, m.prefix)
where d.revision = '4' and regexp_full_match(d.code, '[0-9]{4}');
