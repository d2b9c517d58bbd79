-- io_intermediate: intermediate flows of every embedded IO table, million current USD.
-- WIOD 2013 regions become ISO3 (ROM -> ROU, RoW -> ROW, as in the Antras-Chor file). OECD ICIO
-- 2025 (year 2022): cells >= 0.1 million USD of the table rebuilt by the sanction-simulator
-- package (99.91 % of the intermediate total); regions are ISO3 already, no rest of the world.
-- files: $wiod, $icio
create table io_intermediate as
select 'wiod2013' as io_table, cast(year as integer) as year,
       case from_country when 'ROM' then 'ROU' when 'RoW' then 'ROW' else from_country end
         as from_region,
       from_sector,
       case to_country when 'ROM' then 'ROU' when 'RoW' then 'ROW' else to_country end
         as to_region,
       to_sector, value_musd as value
from read_parquet($wiod)
union all
select 'icio2025', 2022, from_region, from_sector, to_region, to_sector, value_musd
from read_parquet($icio);
