-- complexity_dynamics: exports, world market share and Balassa RCA of every country x product in
-- two years of one source, side by side (values rolled up to $level digits).
-- params: $tbl ('exports'|'trade_flows'), $source, $start, $end, $revision, $level,
--         $stored_level
-- returns: location, product, export_value_start, export_value_end, market_share_start,
--          market_share_end, rca_start, rca_end
with raw as (
    select year, exporter, product, value_usd
    from exports
    where $tbl = 'exports' and source = $source and year in ($start, $end)
      and hs_revision = $revision and level = $stored_level
    union all
    select year, exporter, product, value_usd
    from trade_flows
    where $tbl = 'trade_flows' and source = $source and year in ($start, $end)
      and hs_revision = $revision and level = $stored_level
),
v as (
    select year, exporter as location,
           case when $stored_level = $level then product else left(product, $level) end
               as product,
           sum(value_usd) as export_value
    from raw
    group by all
),
s as (
    select *,
           sum(export_value) over (partition by year, product) as world_product,
           sum(export_value) over (partition by year, location) as location_total,
           sum(export_value) over (partition by year) as world_total
    from v
),
r as (
    select year, location, product, export_value,
           export_value / nullif(world_product, 0) as market_share,
           (export_value / nullif(location_total, 0))
               / nullif(world_product / nullif(world_total, 0), 0) as rca
    from s
)
select location, product,
       coalesce(sum(export_value) filter (where year = $start), 0) as export_value_start,
       coalesce(sum(export_value) filter (where year = $end), 0) as export_value_end,
       coalesce(sum(market_share) filter (where year = $start), 0) as market_share_start,
       coalesce(sum(market_share) filter (where year = $end), 0) as market_share_end,
       coalesce(sum(rca) filter (where year = $start), 0) as rca_start,
       coalesce(sum(rca) filter (where year = $end), 0) as rca_end
from r
group by location, product
order by location, product
