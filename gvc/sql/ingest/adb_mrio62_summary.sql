-- adb_mrio62_summary: ADB MRIO 62 economies + RoW by sector (c1-c35), 2000 and 2007-2022,
-- million current USD: gross output, intermediate inputs, value added, intermediate sales,
-- final-demand sales. In this vintage e, ez, ey are DOMESTIC sales (the diagonal blocks), so
-- exports = x - e (column exports_musd).
-- files: $f
create table adb_mrio62_summary as
select cast(p.t as integer) as year, e.iso3 as economy, e.adb_code, 'c' || p.i as sector,
       p.x as output_musd, p.zuse as intermediate_inputs_musd, p.va as va_musd,
       p.zsales as intermediate_sales_musd, p.y as final_sales_musd,
       p.e as domestic_sales_musd, p.ez as domestic_intermediate_sales_musd,
       p.ey as domestic_final_sales_musd, p.x - p.e as exports_musd
from read_parquet($f) p
join adb_economies e on e.mrio62 = p.s;
