-- tariffs_mfn: WTO MFN simple average by importer and HS chapter (EEC -> EUN).
-- files: $f
create table tariffs_mfn as
select cast("Year" as integer) as year,
       case "Reporting Economy ISO3A Code" when 'EEC' then 'EUN'
            else "Reporting Economy ISO3A Code" end as importer,
       'HS' as classification, "Product/Sector Code" as hs2,
       try_cast("Value" as double) as mfn_simple_avg
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
where "Indicator Code" = 'HS_A_0010' and length("Product/Sector Code") = 2;
