-- products: HS1992, HS2017 and HS2022 at 2, 4 and 6 digits.
-- HS2017/HS2022 come from the WCO nomenclature files (section, parent given). HS1992 comes from
-- the WCO descriptions; its sections are taken from the HS2017 chapter -> section map (chapters
-- did not move between sections), its parents from the code itself. The Atlas 2016 file merges
-- 5209 and 5211 under one name: that merged code gets its own HS92 row so every export row has a
-- product.
-- files: $hs17, $hs22, $hs92
create table products as
select 'HS17' as hs_revision, hscode as code, cast(level as tinyint) as level,
       description, section, nullif(parent, 'TOTAL') as parent
from read_csv($hs17, header = true, quote = '"', escape = '"', columns = {
    'section': 'VARCHAR', 'hscode': 'VARCHAR', 'description': 'VARCHAR',
    'parent': 'VARCHAR', 'level': 'VARCHAR'})
where level in ('2', '4', '6')
union all
select 'HS22', hscode, cast(level as tinyint), description, section, nullif(parent, 'TOTAL')
from read_csv($hs22, header = true, quote = '"', escape = '"', columns = {
    'section': 'VARCHAR', 'hscode': 'VARCHAR', 'description': 'VARCHAR',
    'parent': 'VARCHAR', 'level': 'VARCHAR'})
where level in ('2', '4', '6');

insert into products
with chapter_section as (
    select distinct code as chapter, section from products
    where hs_revision = 'HS17' and level = 2
)
select 'HS92', h.code, cast(length(h.code) as tinyint), h."desc", s.section,
       case when length(h.code) = 2 then null else left(h.code, length(h.code) - 2) end
from read_csv($hs92, header = true, quote = '"', escape = '"',
              columns = {'code': 'VARCHAR', 'desc': 'VARCHAR'}) h
left join chapter_section s on s.chapter = left(h.code, 2)
where length(h.code) in (2, 4, 6) and regexp_full_match(h.code, '[0-9]+')
union all
select 'HS92', '5209|5211', 4,
       'Woven fabrics of cotton, 85% or more cotton, >200 g/m2 (5209) and <85% cotton mixed '
       || 'with man-made fibres, >200 g/m2 (5211); merged in the Atlas source', 'XI', '52';
