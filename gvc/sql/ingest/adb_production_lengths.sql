-- adb_production_lengths: ADB's published production lengths and GVC position (72 economies,
-- 2017-2022) after Wang, Wei, Yu and Zhu (2017); aggregation and sector as in
-- adb_gvc_participation.
-- files: $f
create table adb_production_lengths as
select cast(p.t as integer) as year, e.iso3 as economy, e.adb_code,
       cast(p.agg as integer) as aggregation,
       case cast(p.agg as integer) when 0 then 'TOTAL' when 35 then 'c' || p.i
            when 15 then 'g15_' || p.i else 'g5_' || p.i end as sector,
       p."PLv" as plv, p."PLv_D" as plv_domestic, p."PLv_RT" as plv_traditional,
       p."PLvd_GVC" as plvd_gvc, p."CBv_GVC" as cbv_gvc, p."PLvf_GVC" as plvf_gvc,
       p."PLv_GVC" as plv_gvc,
       p."PLy" as ply, p."PLy_D" as ply_domestic, p."PLy_RT" as ply_traditional,
       p."PLyd_GVC" as plyd_gvc, p."CBy_GVC" as cby_gvc, p."PLyf_GVC" as plyf_gvc,
       p."PLy_GVC" as ply_gvc, p."GVC_POS" as gvc_position
from read_parquet($f) p
join adb_economies e on e.mrio = p.s;
