-- domestic_irio_wiod: weights linking the 52 IRIO industries to the 35 WIOD 2013 sectors,
-- through the IRIO -> ISIC Rev.4 division list (approximate, compiled for gvc),
-- ISIC Rev.4 -> Rev.3 classes and ISIC Rev.3 -> WIOD sectors; the weight of a WIOD sector is
-- its share of the industry's ISIC links (rows of one industry sum to 1).
-- params: none
-- returns: industry, name_id, isic4_divisions, sector, weight
with divs as (
    select industry, name_id, isic4_divisions, trim(d.div) as division
    from irio52_industries, unnest(string_split(isic4_divisions, ';')) as d(div)
), links as (
    select d.industry, d.name_id, d.isic4_divisions, w.sector, count(*) as n
    from divs d
    join conc_isic4_isic3 c on substr(c.isic4, 1, 2) = d.division
    join conc_isic3_io w on w.isic3 = c.isic3 and w.io_table = 'wiod2013'
    group by all
)
select industry, name_id, isic4_divisions, sector, n / sum(n) over (partition by industry) as weight
from links
order by industry, sector
