-- idn_nonoil_exports_chapter: Indonesia's non-oil-and-gas exports by HS chapter (all 98, with
-- the Indonesian chapter titles), million USD FOB: the years 2020-2024 (months = 12) and
-- January-May 2024 and 2025 (months = 5). The file's NON MIGAS total row and its derived trend,
-- change and share columns are left out; chapter codes written as floats ("27.0") become '27'.
-- files: $f
create table idn_nonoil_exports_chapter as
with raw as (
    select lpad(cast(cast(c0 as double) as integer)::varchar, 2, '0') as chapter,
           c1 as name_id, c2, c3, c4, c5, c6, c10, c11
    from read_csv($f, header = false, skip = 2, quote = '"', escape = '"', all_varchar = true,
                  names = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10',
                           'c11', 'c12', 'c13'])
    where c0 is not null and trim(c0) <> ''
)
select 'idn_nonoil_hs2' as source, chapter, name_id, year, months, value_musd
from (
    select chapter, name_id, 2020 as year, 12 as months, cast(c2 as double) as value_musd from raw
    union all select chapter, name_id, 2021, 12, cast(c3 as double) from raw
    union all select chapter, name_id, 2022, 12, cast(c4 as double) from raw
    union all select chapter, name_id, 2023, 12, cast(c5 as double) from raw
    union all select chapter, name_id, 2024, 12, cast(c6 as double) from raw
    union all select chapter, name_id, 2024, 5, cast(c10 as double) from raw
    union all select chapter, name_id, 2025, 5, cast(c11 as double) from raw
);
