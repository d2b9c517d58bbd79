-- io_catalog: one row per embedded IO table and year.
create table io_catalog as
select io_table, year,
       count(distinct region)::integer as n_regions,
       count(distinct sector)::integer as n_sectors,
       'million USD (current prices)' as unit,
       case io_table
         when 'wiod2013' then 'WIOD 2013 release (Timmer et al. 2015)'
         when 'icio2025' then 'OECD ICIO 2025 edition (rebuilt by the sanction-simulator package;'
                              || ' no value-added rows, no final demand by destination)'
       end as source
from io_output group by io_table, year order by io_table, year;
