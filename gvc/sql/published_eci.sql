-- published_eci: the Atlas's published ECI and rank by country and year.
-- params: $classification ('HS92' / 'SITC'), $countries (list, empty = all)
select e.year, e.country, c.name as country_name, e.eci, e.eci_rank,
       count(*) over (partition by e.year) as ranked_countries
from published_eci e
left join countries c on c.iso3 = e.country
where e.classification = $classification
qualify len($countries) = 0 or list_contains($countries, e.country)
order by e.country, e.year
