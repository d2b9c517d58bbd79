-- published_chapter_destinations: BPS exports of HS chapters by destination (USD FOB), from the
-- BPS rows of trade_flows (embedded bps_exim_* sources and imported BPS EXIM releases). Where
-- several BPS sources hold one chapter and year, an imported release is used before the
-- embedded files (sources listed in $embedded), then the last source name.
-- params: $chapters (list, empty = all), $years (list, empty = all), $embedded (list)
with b as (
    select source, year, product as chapter, importer as destination, value_usd
    from trade_flows
    where exporter = 'IDN' and level = 2 and source like 'bps_exim%'
      and (len($chapters) = 0 or list_contains($chapters, product))
      and (len($years) = 0 or list_contains($years, year))
), pick as (
    select chapter, year, source from (select distinct chapter, year, source from b)
    qualify row_number() over (partition by chapter, year
                               order by list_contains($embedded, source), source desc) = 1
)
select b.year, b.chapter, b.destination, c.name as destination_name, b.value_usd,
       b.value_usd / sum(b.value_usd) over (partition by b.year, b.chapter) as share,
       b.source
from b join pick using (chapter, year, source)
left join countries c on c.iso3 = b.destination
order by b.chapter, b.year, b.value_usd desc
