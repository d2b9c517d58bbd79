-- core_flow_sources: the sources of the trade_flows table that hold rows for the filters.
-- params: $year (int|null), $exporter (ISO3|null), $importer (ISO3|null),
--         $product (HS code prefix|null), $revision (HS92..HS22|null)
-- returns: source, rows, exporters (most exporters first)
select source, count(*) as rows, count(distinct exporter) as exporters
from trade_flows
where ($year is null or year = $year)
  and ($exporter is null or exporter = $exporter)
  and ($importer is null or importer = $importer)
  and ($product is null or starts_with(product, $product))
  and ($revision is null or hs_revision = $revision)
group by all
order by exporters desc, rows desc, source
