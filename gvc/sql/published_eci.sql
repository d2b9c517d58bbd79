-- published_eci: the Atlas's published ECI by country and year, ranked among the countries the
-- Atlas ranks that year. The source table's own rank column counts every location of the
-- Growth Lab's full table (up to 234; IDN 2023: 132) although only 133-145 countries are ranked,
-- so the rank here is recomputed from the published ECI within the year (IDN 2023: 67 of 145,
-- the order of the source column, Spearman 0.99999); the source's value stays as source_rank.
-- params: $classification ('HS92' / 'SITC'), $countries (list, empty = all)
with ranked as (
    select e.year, e.country, e.eci, e.eci_rank as source_rank,
           cast(rank() over (partition by e.year order by e.eci desc) as integer) as eci_rank,
           count(*) over (partition by e.year) as ranked_countries
    from published_eci e
    where e.classification = $classification and e.eci is not null
)
select r.year, r.country, c.name as country_name, r.eci, r.eci_rank, r.ranked_countries,
       r.source_rank
from ranked r
left join countries c on c.iso3 = r.country
where len($countries) = 0 or list_contains($countries, r.country)
order by r.country, r.year
