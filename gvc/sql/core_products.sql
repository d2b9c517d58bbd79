-- core_products: HS products by code prefix or by words in the description.
-- params: $revision (HS92/HS17/HS22|null), $level (2/4/6|null), $prefix (digits|null),
--         $words (list of lower-case words that must all occur|null), $limit (int)
-- returns: hs_revision, code, level, description, section, parent
select hs_revision, code, level, description, section, parent
from products
where ($revision is null or hs_revision = $revision)
  and ($level is null or level = $level)
  and ($prefix is null or starts_with(code, $prefix))
  and ($words is null or list_bool_and(list_transform($words, lambda w: contains(lower(description), w))))
order by hs_revision, code
limit $limit
