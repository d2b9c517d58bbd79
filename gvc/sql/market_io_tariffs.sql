-- market_io_tariffs: MFN tariff by importer and IO sector: the simple average over the HS 1992
-- six-digit codes of the sector (HS6 -> ISIC Rev.3 -> sector) of their chapter's MFN average,
-- in the loaded tariff year nearest to $year.
-- params: $io_table, $year
-- returns: year, importer, sector, tariff (percent), hs6_codes
with pick as (
    select year from (select distinct year from tariffs_mfn)
    order by abs(year - $year), year
    limit 1
),
hs as (
    select distinct h.hs6, s.sector
    from conc_hs_isic3 h
    join conc_isic3_io s on s.isic3 = h.isic3 and s.io_table = $io_table
    where h.hs_revision = 'HS92'
)
select t.year, t.importer, hs.sector, avg(t.mfn_simple_avg) as tariff, count(*) as hs6_codes
from hs
join tariffs_mfn t on t.hs2 = substr(hs.hs6, 1, 2)
join pick on pick.year = t.year
where t.mfn_simple_avg is not null
group by t.year, t.importer, hs.sector
order by t.importer, hs.sector
