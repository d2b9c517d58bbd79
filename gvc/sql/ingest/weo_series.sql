-- weo_series: IMF WEO series metadata.
-- files: $f
create table weo_series as
select iso3, subject_code as subject, subject_descriptor as descriptor, units, scale,
       estimates_start_after
from read_parquet($f);
