-- complexity_wdi: one WDI indicator per country for a year, falling back to the latest earlier
-- year (at most 5 years back) where the year itself is missing.
-- params: $indicator (e.g. 'SP.POP.TOTL', 'NY.GDP.PCAP.CD'), $year (int)
-- returns: location, value, wdi_year
select iso3 as location, arg_max(value, year) as value, max(year) as wdi_year
from wdi
where indicator = $indicator and year <= $year and year >= $year - 5 and value is not null
group by iso3
order by iso3
