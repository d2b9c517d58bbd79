-- core_product_coverage: the years each loaded table holds for one product (HS code or prefix)
-- of one exporter, by analysis: product exports (complexity), published PCI, non-oil chapter
-- exports.
-- params: $exporter (ISO3), $prefix (HS code or prefix)
-- returns: kind, source, level, years (list of int)
select 'exports' as kind, source, level, list(distinct year order by year) as years
from exports
where exporter = $exporter and length($prefix) >= level
  and product = substr($prefix, 1, level)
group by source, level
union all
select 'published_pci', source, 4, list(distinct year order by year)
from published_pci
where length($prefix) >= 4 and product = substr($prefix, 1, 4)
group by source
union all
select 'nonoil_chapter', source, 2, list(distinct year order by year)
from idn_nonoil_exports_chapter
where $exporter = 'IDN' and chapter = substr($prefix, 1, 2)
group by source
order by kind, level desc, source
