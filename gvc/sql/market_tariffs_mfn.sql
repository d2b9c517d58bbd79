-- market_tariffs_mfn: WTO MFN simple average ad valorem duty by importer and HS chapter in the
-- loaded year nearest to $year (the earlier one on ties); importer 'EUN' is the European Union.
-- params: $year
-- returns: year, importer, hs2, tariff (percent)
with pick as (
    select year from (select distinct year from tariffs_mfn)
    order by abs(year - $year), year
    limit 1
)
select t.year, t.importer, t.hs2, t.mfn_simple_avg as tariff
from tariffs_mfn t join pick using (year)
where t.mfn_simple_avg is not null
order by t.importer, t.hs2
