-- market_weo: one IMF WEO subject (annual percent change) by country over a span of years.
-- params: $subject (e.g. 'TM_RPCH', 'NGDP_RPCH'), $first_year, $last_year
-- returns: iso3, year, value, is_projection
select iso3, year, value, is_projection
from weo
where subject = $subject and year between $first_year and $last_year and value is not null
order by iso3, year
