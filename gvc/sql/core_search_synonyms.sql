-- core_search_synonyms: the everyday Indonesian search words and the BTKI word each stands for.
-- params: none
-- returns: term, search_for (both lower case, without accents)
select term, search_for from search_synonyms_id order by term, search_for
