-- io_final: final demand by destination region and category, million current USD.
-- Only WIOD 2013 has it; the embedded OECD ICIO 2025 table has no final demand by destination
-- (its final-and-rest-of-world sales are one total per region-sector, in io_output_detail).
-- files: $wiod
create table io_final as
select 'wiod2013' as io_table, cast(year as integer) as year,
       case from_country when 'ROM' then 'ROU' when 'RoW' then 'ROW' else from_country end
         as from_region,
       from_sector,
       case to_country when 'ROM' then 'ROU' when 'RoW' then 'ROW' else to_country end
         as to_region,
       fd_category as category, value_musd as value
from read_parquet($wiod);
