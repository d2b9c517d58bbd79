-- io_output: published gross output by region and sector, million current USD.
-- files: $wiod, $icio
create table io_output as
select 'wiod2013' as io_table, cast(year as integer) as year,
       case country when 'ROM' then 'ROU' when 'RoW' then 'ROW' else country end as region,
       sector, gross_output_musd as value
from read_parquet($wiod)
union all
select 'icio2025', 2022, region, sector, gross_output_musd
from read_parquet($icio);
