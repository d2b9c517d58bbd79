-- geo: CEPII GeoDist country geography (main city first); legacy codes mapped to ISO3.
-- files: $f
create table geo as
select coalesce(map($legacy_from, $legacy_to)[iso3], iso3) as iso3, country as name, continent,
       try_cast(lat as double) as lat, try_cast(lon as double) as lon,
       try_cast(landlocked as integer) as landlocked, try_cast(area as double) as area_km2
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
qualify row_number() over (partition by iso3 order by maincity desc, cap desc) = 1;
