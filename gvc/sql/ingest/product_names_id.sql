-- product_names_id: Indonesian (and English) product names from BTKI 2022 (HS 2022 based), for
-- Indonesian search. Levels: 2 (chapter titles of the Indonesian non-oil export table), 4
-- (headings: the heading line, or the xx.xx.00.00 line of an undivided heading), 6 (the
-- subheading line, or the xxxx.xx.00 line of an undivided subheading) and 8 (BTKI tariff lines,
-- hs_revision 'BTKI22'). BTKI texts below the heading are dash fragments ("- - Lain-lain"):
-- name_id / name_en join the heading text and the fragment without its dashes and trailing
-- colon; description_id / description_en keep the fragment as published.
-- Rows are given for HS22 and, where the codes match, for HS17 and HS92: a heading whose code
-- exists in that revision, a subheading whose HS22 code links only to the same code of that
-- revision and no other HS22 code links to it (conc_hs_simple); same_revision says which.
-- files: $btki, $chapters
create table product_names_id as
with b as (
    select replace(hs_code, '.', '') as code, cast(hs_level as integer) as lvl,
           trim(description_id) as d_id, trim(description_en) as d_en
    from read_csv($btki, header = true, quote = '"', escape = '"', all_varchar = true)
), clean as (
    select *, trim(regexp_replace(regexp_replace(d_id, '^[-\s]+', ''), '\s*:\s*$', '')) as f_id,
           trim(regexp_replace(regexp_replace(d_en, '^[-\s]+', ''), '\s*:\s*$', '')) as f_en
    from b
), heading as (
    select left(code, 4) as code, d_id, d_en from clean where lvl = 4
    union all
    select left(code, 4), f_id, f_en from clean
    where lvl = 8 and right(code, 4) = '0000'
      and left(code, 4) not in (select code from clean where lvl = 4)
), sub as (
    select code, d_id, d_en, f_id, f_en, false as whole from clean where lvl = 6
    union all
    select left(code, 6), d_id, d_en, f_id, f_en, right(code, 4) = '0000' from clean
    where lvl = 8 and right(code, 2) = '00'
      and left(code, 6) not in (select code from clean where lvl = 6)
    union all
    -- a heading whose national lines all sit under xxxx00 (15.05.00.10, 15.05.00.90)
    select h.code || '00', h.d_id, h.d_en, h.d_id, h.d_en, true from heading h
    where not exists (select 1 from clean c where c.lvl in (6, 8) and left(c.code, 4) = h.code
                      and substr(c.code, 5, 2) <> '00')
      and not exists (select 1 from clean c where c.lvl = 6 and c.code = h.code || '00')
      and not exists (select 1 from clean c where c.lvl = 8 and c.code = h.code || '0000')
), names as (
    select code, 4 as level, d_id as description_id, d_en as description_en,
           d_id as name_id, d_en as name_en from heading
    union all
    -- an undivided heading is also its own subheading xxxx00, named as the heading
    select s.code, 6, s.d_id, s.d_en,
           case when s.whole then h.d_id else h.d_id || ' — ' || s.f_id end,
           case when s.whole then h.d_en else h.d_en || ' — ' || s.f_en end
    from sub s join heading h on h.code = left(s.code, 4)
    union all
    select c.code, 8, c.d_id, c.d_en, h.d_id || ' — ' || c.f_id, h.d_en || ' — ' || c.f_en
    from clean c join heading h on h.code = left(c.code, 4) where c.lvl = 8
    union all
    select lpad(cast(cast(c0 as double) as integer)::varchar, 2, '0'), 2, c1, null, c1, null
    from read_csv($chapters, header = false, skip = 2, quote = '"', escape = '"',
                  all_varchar = true, names = ['c0', 'c1'], null_padding = true)
    where c0 is not null and trim(c0) <> ''
), links as (
    select to_revision, from_code, to_code from conc_hs_simple where from_revision = 'HS22'
), same6 as (
    select to_revision, from_code as code from links l
    group by to_revision, from_code
    having count(distinct to_code) = 1 and min(to_code) = from_code
       and (select count(distinct l2.from_code) from links l2
            where l2.to_revision = l.to_revision and l2.to_code = l.from_code) = 1
)
select case when n.level = 8 then 'BTKI22' else 'HS22' end as hs_revision, n.code, n.level,
       n.name_id, n.name_en, n.description_id, n.description_en, true as same_revision,
       case when n.level = 2 then 'Kemendag/BPS non-oil export table' else 'BTKI 2022' end
         as source
from names n
union all
select r.rev, n.code, n.level, n.name_id, n.name_en, n.description_id, n.description_en, false,
       case when n.level = 2 then 'Kemendag/BPS non-oil export table' else 'BTKI 2022' end
from names n
cross join (values ('HS17'), ('HS92')) r(rev)
where (n.level in (2, 4) and exists (select 1 from products p where p.hs_revision = r.rev
                                      and p.code = n.code and p.level = n.level))
   or (n.level = 6 and exists (select 1 from same6 s where s.to_revision = r.rev
                                and s.code = n.code));
