-- cluster_hs6_isic4_candidates: for each HS 1992 subheading, its ISIC Rev.3 class (WITS, one per
-- code), the ISIC Rev.4 classes the many-to-many HS -> ISIC Rev.4 table gives it, the Rev.4
-- title and the English text of the subheading and its heading; gvc.analytics.relatedness.
-- main_classes picks the main Rev.4 class from these.
-- params: none
-- returns: hs4, hs6, isic3, isic4, linked (the Rev.4 class is a Rev.4 class of the Rev.3 class),
--          isic4_title, text
with r3 as (
    select hs6, isic3 from conc_hs_isic3 where hs_revision = 'HS92'
), txt as (
    select p6.code as hs6, coalesce(p4.description, '') || ' | ' || coalesce(p6.description, '')
           as text
    from products p6
    left join products p4
      on p4.hs_revision = 'HS92' and p4.level = 4 and p4.code = substr(p6.code, 1, 4)
    where p6.hs_revision = 'HS92' and p6.level = 6
)
select substr(h.hs6, 1, 4) as hs4, h.hs6, r3.isic3, h.isic4,
       exists (select 1 from conc_isic4_isic3 l where l.isic4 = h.isic4 and l.isic3 = r3.isic3)
           as linked,
       d.description as isic4_title, coalesce(t.text, '') as text
from (select distinct hs6, isic4 from conc_hs_isic4 where isic4 is not null) h
join r3 on r3.hs6 = h.hs6
left join isic_descriptions d on d.revision = '4' and d.code = h.isic4
left join txt t on t.hs6 = h.hs6
order by h.hs6, h.isic4
