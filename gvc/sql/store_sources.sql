-- store_sources: the distinct sources of one trade table.
-- identifier: {table} (trade_flows, exports or their *_embedded tables; never user input)
-- params: none
-- returns: source (ascending)
select distinct source from {table} order by 1
