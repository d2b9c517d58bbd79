-- published_chapter_exports: Indonesia's non-oil exports by HS chapter (million USD FOB), with
-- each chapter's share of the period's total.
-- params: $chapters (list, empty = all), $years (list, empty = all), $months (12 or 5)
select year, months, chapter, name_id as chapter_name_id, value_musd,
       value_musd / sum(value_musd) over (partition by year, months) as share
from idn_nonoil_exports_chapter
where months = $months
qualify (len($chapters) = 0 or list_contains($chapters, chapter))
    and (len($years) = 0 or list_contains($years, year))
order by year, value_musd desc
