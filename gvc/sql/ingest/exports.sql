-- exports (country x product, no partner).
-- Sources: Atlas 2016 (HS92 4-digit, USD) and BACI HS92 exporter totals by chapter 2011-2020
-- (million USD, converted to USD; Sudan's two BACI codes 729/736 are summed).
-- files: $atlas, $baci
create table exports as
select 'atlas_hs92_2016' as source, cast(year as integer) as year,
       exporter_iso3 as exporter, 'HS92' as hs_revision, cast(4 as tinyint) as level,
       hs92_4 as product, export_value_usd as value_usd
from read_parquet($atlas)
union all
select 'baci_hs92_hs2', cast(year as integer), exporter_iso3, 'HS92', 2, hs92_2,
       sum(value_musd) * 1e6
from read_parquet($baci)
group by all;
