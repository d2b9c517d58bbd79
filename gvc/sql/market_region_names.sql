-- market_region_names: ISO3 code -> country name (aggregates included).
-- params: none
-- returns: iso3, name
select iso3, coalesce(name, '') as name from countries
