-- core_io_tables: the loaded IO tables and years.
-- params: none
-- returns: io_table, year, n_regions, n_sectors, unit, source
select * from io_catalog order by io_table, year
