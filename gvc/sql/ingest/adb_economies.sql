-- adb_economies: the ADB MRIO economies (72-economy index mrio, 62-economy index mrio62, ADB
-- code, name) with ISO3 from the ISO numeric code (158 Taipei,China -> TWN, 999 -> ROW; the
-- seven economies whose ISO numeric code BACI's list replaces by its own are given directly).
-- files: $economies
create table adb_economies as
with e as (
    select cast(mrio as integer) as mrio, cast(cast(mrio62 as double) as integer) as mrio62,
           mrio_code as adb_code, mrio_name as name, cast(iso_num as integer) as iso_num
    from read_csv($economies, header = true, quote = '"', escape = '"', all_varchar = true)
)
select e.mrio, e.mrio62, e.adb_code,
       case e.iso_num when 158 then 'TWN' when 999 then 'ROW' when 56 then 'BEL'
            when 756 then 'CHE' when 276 then 'DEU' when 250 then 'FRA' when 356 then 'IND'
            when 578 then 'NOR' when 840 then 'USA' else c.iso3 end as iso3, e.name
from e left join (select * from countries where iso_num is not null and not is_aggregate) c
  on c.iso_num = e.iso_num;
