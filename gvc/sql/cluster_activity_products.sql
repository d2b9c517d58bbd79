-- cluster_activity_products: HS 4-digit headings made by activities with the given ISIC Rev.4 /
-- KBLI code prefixes (through the many-to-many HS -> ISIC Rev.4 concordance, all HS vintages).
-- params: $codes (list of 2-4 digit code prefixes)
-- returns: hs4, isic4 (the matching ISIC Rev.4 classes, ';'-joined), n6 (6-digit codes matched)
select substr(hs6, 1, 4) as hs4, string_agg(distinct isic4, ';' order by isic4) as isic4,
       count(distinct hs6) as n6
from conc_hs_isic4
where isic4 is not null
  and exists (select 1 from unnest($codes) as t(c) where starts_with(isic4, t.c))
group by 1
order by 1
