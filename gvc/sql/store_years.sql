-- store_years: the years loaded in one year-bearing table.
-- identifier: {table} (one of gvc.services.store.YEAR_TABLES, never user input)
-- params: none
-- returns: year (ascending)
select distinct year from {table} order by year
