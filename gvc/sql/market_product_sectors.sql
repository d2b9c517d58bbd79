-- market_product_sectors: the IO industries of an HS code or prefix, by how many of its HS92
-- 6-digit codes map to each through HS92 -> ISIC Rev.3 (one class per code) -> the IO table's
-- industries (conc_isic3_io: WIOD 2013 sectors and OECD ICIO 2025 industries).
-- params: $prefix (HS code or prefix, 2-6 digits)
-- returns: io_table, sector, n (6-digit codes), share (of the product's mapped codes)
with links as (
    select io.io_table, io.sector, count(distinct c.hs6) as n
    from conc_hs_isic3 c
    join conc_isic3_io io on io.isic3 = c.isic3
    where c.hs_revision = 'HS92' and starts_with(c.hs6, $prefix)
    group by all
)
select io_table, sector, n, n / sum(n) over (partition by io_table) as share
from links
order by io_table, n desc, sector
