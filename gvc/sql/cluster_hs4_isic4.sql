-- cluster_hs4_isic4: the ISIC Rev.4 classes of each HS 4-digit heading (HS -> ISIC Rev.4
-- concordance, all HS vintages, through the heading's 6-digit codes).
-- params: none
-- returns: hs4, isic4 (distinct ISIC Rev.4 classes, ';'-joined), isic4_main (the class most of
--          its 6-digit codes map to; ties to the smallest code)
with links as (
    select substr(hs6, 1, 4) as hs4, isic4, count(distinct hs6) as n
    from conc_hs_isic4
    where isic4 is not null
    group by all
)
select hs4,
       string_agg(isic4, ';' order by isic4) as isic4,
       arg_max(isic4, n * 10000 - cast(isic4 as integer)) as isic4_main
from links
group by hs4
order by hs4
