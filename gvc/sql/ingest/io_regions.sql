-- io_regions: the regions of every IO table in matrix order (the rest of the world last), named
-- from countries (ROW = "Rest of the world").
create table io_regions as
with r as (select distinct io_table, region from io_output)
select r.io_table, r.region,
       cast(row_number() over (partition by r.io_table order by r.region = 'ROW', r.region)
            as integer) as position,
       case when r.region = 'ROW' then 'Rest of the world' else c.name end as name
from r left join countries c on c.iso3 = r.region;
