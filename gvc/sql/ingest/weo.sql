-- weo: IMF World Economic Outlook April 2025 (long).
-- files: $f
create table weo as
select iso3, subject_code as subject, cast(year as integer) as year, value,
       raw_flag as flag, is_projection_or_estimate as is_projection
from read_parquet($f);
