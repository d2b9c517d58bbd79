-- core_export_sources: the (source, revision, level) combinations of the exports table.
-- params: $year (int|null), $exporter (ISO3|null), $product (HS code prefix|null),
--         $revision (HS92..HS22|null), $level (2/4/6|null)
-- returns: source, hs_revision, level, rows, exporters, world_usd (finest level, then most
--          exporters first: the first row is the default of Gvc.exports)
select source, hs_revision, level, count(*) as rows, count(distinct exporter) as exporters,
       sum(value_usd) as world_usd
from exports
where ($year is null or year = $year)
  and ($exporter is null or exporter = $exporter)
  and ($product is null or starts_with(product, $product))
  and ($revision is null or hs_revision = $revision)
  and ($level is null or level = $level)
group by all
order by level desc, exporters desc, rows desc, source, hs_revision
