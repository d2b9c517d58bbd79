-- idn_nonoil_exports_country: Indonesia's non-oil-and-gas exports by destination, million USD
-- FOB, 2020-2024 (months = 12) and January-May 2024 and 2025 (months = 5). Names (English,
-- upper case) -> ISO3 by idn_nonoil_country_names_to_iso3.csv (compiled for gvc; residual areas
-- and the Batam free trade zone keep iso3 = null).
-- files: $f, $names
create table idn_nonoil_exports_country as
with raw as (
    select c0 as name, c1, c2, c3, c4, c5, c9, c10
    from read_csv($f, header = false, skip = 1, quote = '"', escape = '"', all_varchar = true,
                  names = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10',
                           'c11', 'c12'])
), v as (
    select name, 2020 as year, 12 as months, cast(c1 as double) as value_musd from raw
    union all select name, 2021, 12, cast(c2 as double) from raw
    union all select name, 2022, 12, cast(c3 as double) from raw
    union all select name, 2023, 12, cast(c4 as double) from raw
    union all select name, 2024, 12, cast(c5 as double) from raw
    union all select name, 2024, 5, cast(c9 as double) from raw
    union all select name, 2025, 5, cast(c10 as double) from raw
)
select 'idn_nonoil_country' as source, v.name, nullif(m.iso3, '') as iso3, v.year, v.months,
       v.value_musd
from v
left join read_csv($names, header = true, quote = '"', escape = '"', all_varchar = true) m
  on m.name = v.name;
