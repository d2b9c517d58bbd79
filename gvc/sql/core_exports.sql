-- core_exports: country x product exports, optionally filtered.
-- params: $year (int|null), $exporter (ISO3|null), $product (HS code prefix|null),
--         $revision (HS92..HS22|null), $level (2/4/6|null), $source (text|null), $limit (int)
-- returns: source, year, exporter, hs_revision, level, product, description, value_usd
select e.source, e.year, e.exporter, e.hs_revision, e.level, e.product, p.description, e.value_usd
from exports e
left join products p on p.hs_revision = e.hs_revision and p.code = e.product
where ($year is null or e.year = $year)
  and ($exporter is null or e.exporter = $exporter)
  and ($product is null or starts_with(e.product, $product))
  and ($revision is null or e.hs_revision = $revision)
  and ($level is null or e.level = $level)
  and ($source is null or e.source = $source)
order by e.year, e.exporter, e.value_usd desc
limit $limit
