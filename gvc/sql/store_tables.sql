-- store_tables: the tables and views of the snapshot.
-- params: none
-- returns: table_name
select table_name from information_schema.tables
