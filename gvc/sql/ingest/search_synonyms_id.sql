-- search_synonyms_id: everyday Indonesian words that BTKI 2022 does not use, each with the BTKI
-- word that finds the same goods (compiled for gvc, data/SOURCES.md section 14), folded to lower
-- case without accents as the search compares them.
-- files: $f
create table search_synonyms_id as
select lower(strip_accents(trim(term))) as term,
       lower(strip_accents(trim(search_for))) as search_for, note
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
where trim(coalesce(term, '')) <> '' and trim(coalesce(search_for, '')) <> '';
