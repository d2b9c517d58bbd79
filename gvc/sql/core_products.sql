-- core_products: HS products by code prefix or by words, in English (the HS descriptions) or in
-- Indonesian (BTKI 2022 names of the code, and of the BTKI 8-digit lines under it: "batik"
-- finds the headings whose tariff lines say "dicetak dengan proses batik tradisional").
-- Texts are compared in lower case without accents, punctuation as spaces, each word matched at
-- the start of a word ("udang" does not match "gudang").
-- params: $revision (HS92/HS17/HS22|null), $level (2/4/6|null), $prefix (digits|null),
--         $groups (list of word groups, already folded: every group must match, a group matches
--         when any of its alternatives starts a word of the text|null), $limit (int)
-- returns: hs_revision, code, level, description, section, parent, description_id
with lines as (
    select code, name_id from product_names_id where hs_revision = 'BTKI22'
),
below as (
    select substr(code, 1, 6) as code, string_agg(name_id, ' | ') as t from lines group by 1
    union all
    select substr(code, 1, 4), string_agg(name_id, ' | ') from lines group by 1
),
hay as (
    select p.hs_revision, p.code, p.level, p.description, p.section, p.parent,
           n.name_id as description_id,
           ' ' || regexp_replace(lower(strip_accents(
               coalesce(p.description, '') || ' ' || coalesce(n.name_id, '') || ' '
               || coalesce(b.t, ''))), '[^a-z0-9]+', ' ', 'g') as text
    from products p
    left join product_names_id n on n.hs_revision = p.hs_revision and n.code = p.code
    left join below b on $groups is not null and p.level >= 4 and b.code = p.code
    where ($revision is null or p.hs_revision = $revision)
      and ($level is null or p.level = $level)
      and ($prefix is null or starts_with(p.code, $prefix))
)
select hs_revision, code, level, description, section, parent, description_id
from hay
where $groups is null
   or list_bool_and(list_transform($groups,
        lambda g: list_bool_or(list_transform(g, lambda w: contains(text, ' ' || w)))))
order by hs_revision, code
limit $limit
