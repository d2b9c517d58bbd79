-- cluster_hs4_texts_id: the Indonesian BTKI 2022 text of each HS 1992 heading, for the
-- activity component of relatedness (which goods BPS's KBLI 2020 descriptions name).
-- An HS 2022 subheading and its tariff lines belong to the HS 1992 headings its code links to
-- (conc_hs_simple), else to the heading of the same code; a heading line to the same code.
-- params: none
-- returns: hs4, text (heading lines, then subheading and tariff-line fragments, ' | '-joined)
with btki as (
    select code, level, description_id as d
    from product_names_id
    where hs_revision in ('HS22', 'BTKI22') and level in (4, 6, 8)
      and description_id is not null
), subs as (
    select distinct left(code, 6) as hs22 from btki where level >= 6
), heads as (
    select distinct s.hs22, substr(coalesce(l.to_code, s.hs22), 1, 4) as hs4
    from subs s
    left join conc_hs_simple l
      on l.from_revision = 'HS22' and l.to_revision = 'HS92' and l.from_code = s.hs22
), lines as (
    select h.hs4, b.code, b.level, b.d from btki b join heads h on h.hs22 = left(b.code, 6)
    where b.level >= 6
    union all
    select code, code, level, d from btki where level = 4
)
select hs4, string_agg(d, ' | ' order by level, code) as text
from lines
group by hs4
order by hs4
