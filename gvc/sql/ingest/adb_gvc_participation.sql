-- adb_gvc_participation: ADB's published GVC participation (72 economies, 2017-2022), computed
-- on ADB MRIO tables after ADB Key Indicators 2021 (trade-based: Borin-Mancini 2019; and
-- production-based). aggregation 0 = whole economy (sector 'TOTAL'), 35 = the sectors c1-c35,
-- 15 / 5 = the sector groups (sector 'g15_<i>' / 'g5_<i>'). Flows in million USD; the shares
-- (gvcp_*) are fractions of gross exports (trade) or of value added (production).
-- files: $f
create table adb_gvc_participation as
select cast(p.t as integer) as year, e.iso3 as economy, e.adb_code,
       cast(p.agg as integer) as aggregation,
       case cast(p.agg as integer) when 0 then 'TOTAL' when 35 then 'c' || p.i
            when 15 then 'g15_' || p.i else 'g5_' || p.i end as sector,
       p."Exports" as exports_musd, p.va as va_musd,
       p."GVC_trade_f" as gvc_trade_forward_musd, p."GVC_trade_b" as gvc_trade_backward_musd,
       p."GVC_trade" as gvc_trade_musd, p."GVC_prod" as gvc_prod_musd,
       p."GVCP_trade_f" as gvcp_trade_forward, p."GVCP_trade_b" as gvcp_trade_backward,
       p."GVCP_trade" as gvcp_trade, p."GVCP_prod" as gvcp_prod
from read_parquet($f) p
join adb_economies e on e.mrio = p.s;
