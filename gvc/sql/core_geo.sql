-- core_geo: country positions of the CEPII GeoDist geo table (one row per ISO3).
-- params: none
-- returns: iso3, name, lat, lon
select iso3, any_value(name) as name, avg(lat) as lat, avg(lon) as lon
from geo where lat is not null group by iso3 order by iso3
