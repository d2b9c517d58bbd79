-- cluster_hs4_texts: the English WCO text of each HS 1992 heading and of its subheadings, for the
-- description component of relatedness (the words the nomenclature uses for materials and goods).
-- params: none
-- returns: hs4, text (heading description, then its 6-digit descriptions, ' | '-joined)
select substr(code, 1, 4) as hs4,
       string_agg(description, ' | ' order by level, code) as text
from products
where hs_revision = 'HS92' and level in (4, 6) and description is not null
group by 1
order by 1
