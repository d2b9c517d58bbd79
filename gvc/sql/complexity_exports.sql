-- complexity_exports: country x product export values of one source for one year, rolled up to
-- $level digits (bilateral trade_flows are summed over importers).
-- params: $tbl ('exports'|'trade_flows'), $source, $year, $revision, $level, $stored_level
-- returns: location, product, export_value (USD)
with raw as (
    select exporter, product, value_usd
    from exports
    where $tbl = 'exports' and source = $source and year = $year and hs_revision = $revision
      and level = $stored_level
    union all
    select exporter, product, value_usd
    from trade_flows
    where $tbl = 'trade_flows' and source = $source and year = $year
      and hs_revision = $revision and level = $stored_level
)
select exporter as location,
       case when $stored_level = $level then product else left(product, $level) end as product,
       sum(value_usd) as export_value
from raw
group by all
order by location, product
