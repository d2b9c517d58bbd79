-- datasets: one row per registered dataset (gvc.catalog.DATASETS) with its rows, years,
-- coverage (grain), source and licence; the lists are zipped by unnest.
-- params: $name, $table_name, $rows, $years, $coverage, $source, $licence (equal-length lists)
create table datasets as
select cast(unnest($name) as varchar) as name, cast(unnest($table_name) as varchar) as table_name,
       cast(unnest($rows) as bigint) as rows, cast(unnest($years) as varchar) as years,
       cast(unnest($coverage) as varchar) as coverage, cast(unnest($source) as varchar) as source,
       cast(unnest($licence) as varchar) as licence;
