-- published_nonoil_countries: Indonesia's non-oil exports by destination (million USD FOB).
-- params: $years (list, empty = all), $months (12 or 5)
select year, months, iso3 as destination, name as destination_name, value_musd,
       value_musd / sum(value_musd) over (partition by year, months) as share
from idn_nonoil_exports_country
where months = $months
qualify len($years) = 0 or list_contains($years, year)
order by year, value_musd desc
