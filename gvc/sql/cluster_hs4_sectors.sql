-- cluster_hs4_sectors: each HS92 4-digit heading's IO sector and BEC end use.
-- params: $io_table (e.g. 'wiod2013')
-- returns: hs4, sector (the IO sector most of its 6-digit codes map to through HS92 -> ISIC Rev.3),
--          sector_share (share of its 6-digit codes in that sector), n6 (6-digit codes),
--          intermediate_share (share of its 6-digit codes whose BEC Rev.4 class is intermediate)
with six as (
    select p.code as hs6, substr(p.code, 1, 4) as hs4
    from products p
    where p.hs_revision = 'HS92' and p.level = 6
),
sec as (
    select s.hs4, io.sector, count(*) as n
    from six s
    join conc_hs_isic3 c on c.hs_revision = 'HS92' and c.hs6 = s.hs6
    join conc_isic3_io io on io.io_table = $io_table and io.isic3 = c.isic3
    group by all
),
best as (
    select hs4, sector, n, sum(n) over (partition by hs4) as total
    from sec
    qualify row_number() over (partition by hs4 order by n desc, sector) = 1
),
bec as (
    select s.hs4, count(*) as n6,
           avg(case when e.end_use = 'intermediate' then 1.0 else 0.0 end) as intermediate_share
    from six s
    left join conc_hs_bec4 b on b.hs_revision = 'HS92' and b.hs6 = s.hs6
    left join bec4_enduse e on e.bec4 = b.bec4
    group by s.hs4
)
select bec.hs4, best.sector, best.n / best.total as sector_share, bec.n6, bec.intermediate_share
from bec left join best using (hs4)
order by bec.hs4
