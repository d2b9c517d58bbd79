-- core_trade_flows: bilateral flows, optionally filtered.
-- params: $year, $exporter, $importer, $product (prefix), $revision, $source (each may be null), $limit
-- returns: source, year, exporter, importer, hs_revision, level, product, value_usd, quantity,
--          quantity_unit
select source, year, exporter, importer, hs_revision, level, product, value_usd, quantity,
       quantity_unit
from trade_flows
where ($year is null or year = $year)
  and ($exporter is null or exporter = $exporter)
  and ($importer is null or importer = $importer)
  and ($product is null or starts_with(product, $product))
  and ($revision is null or hs_revision = $revision)
  and ($source is null or source = $source)
order by year, exporter, importer, product
limit $limit
