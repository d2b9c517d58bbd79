-- io_value_added: value-added rows by component. No embedded table has them (WIOD 2013 as
-- shipped has none, the OECD ICIO 2025 extract has none); imports (OECD ICIO, WIOD 2016,
-- national tables) add theirs.
create table io_value_added (io_table varchar, year integer, region varchar,
                             sector varchar, component varchar, value double);
