-- core_datasets: the loaded datasets.
-- params: none
-- returns: name, table_name, rows, years, coverage, source, licence
select * from datasets order by table_name, name
