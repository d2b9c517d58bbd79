-- wdi: World Bank WDI population, GDP and GDP per capita (long).
-- files: $f
create table wdi as
select iso3, indicator_code as indicator, cast(year as integer) as year, value,
       wdi_last_updated as release
from read_parquet($f);
