-- core_countries: the country list, aggregates optional.
-- params: $agg (bool: include aggregates)
-- returns: iso3, iso_num, iso2, name, wdi_region, income_group, is_aggregate
select * from countries where $agg or not is_aggregate order by iso3
