-- import_baci_codes: CEPII BACI numeric country codes with their ISO3 ('N/A' where none).
-- params: none
-- returns: code, iso3
select code, coalesce(iso3, 'N/A') as iso3 from baci_country_codes
