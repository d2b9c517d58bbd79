-- published_eci: the Atlas of Economic Complexity's published ECI and rank by country and year,
-- 1995-2023, for the HS92 and SITC classifications (3-year averages and the Atlas's own country
-- and product filters; no export values).
-- files: $hs92, $sitc
create table published_eci as
select 'atlas' as source, 'HS92' as classification, cast(year as integer) as year,
       location_code as country, eci_hs92 as eci, cast(eci_rank_hs92 as integer) as eci_rank
from read_csv($hs92, header = true, columns = {
    'year': 'INTEGER', 'location_code': 'VARCHAR', 'eci_hs92': 'DOUBLE',
    'eci_rank_hs92': 'DOUBLE'})
union all
select 'atlas', 'SITC', year, location_code, eci_sitc, cast(eci_rank_sitc as integer)
from read_csv($sitc, header = true, columns = {
    'year': 'INTEGER', 'location_code': 'VARCHAR', 'eci_sitc': 'DOUBLE',
    'eci_rank_sitc': 'DOUBLE'});
