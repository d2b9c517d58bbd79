-- market_distances: CEPII GeoDist bilateral distance (population-weighted where available, else
-- between main cities), in km.
-- params: none
-- returns: exporter, importer, distance, measure
select origin as exporter, destination as importer, coalesce(distw, dist) as distance,
       case when distw is null then 'dist' else 'distw' end as measure
from distances
where origin <> destination and coalesce(distw, dist) > 0
