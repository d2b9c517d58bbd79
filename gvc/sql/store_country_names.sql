-- store_country_names: every ISO3 code the snapshot knows, with its name where it has one.
-- params: none
-- returns: iso3, name ('' for codes seen only in the trade tables)
select iso3, coalesce(name, '') as name from countries where not is_aggregate
union select distinct exporter, '' from exports
union select distinct importer, '' from trade_flows
