-- cluster_activity_sectors: IO sectors of activities with the given ISIC Rev.4 / KBLI prefixes
-- (ISIC Rev.4 -> ISIC Rev.3 -> IO sector).
-- params: $codes (list of 2-4 digit code prefixes), $io_table
-- returns: sector, links (number of ISIC Rev.4 -> Rev.3 links into the sector)
select io.sector, count(*) as links
from conc_isic4_isic3 c
join conc_isic3_io io on io.io_table = $io_table and io.isic3 = c.isic3
where exists (select 1 from unnest($codes) as t(k) where starts_with(c.isic4, t.k))
group by io.sector
order by links desc, io.sector
