-- market_product_names: one description per HS code (any revision; the newest one wins).
-- params: $codes (list of HS codes)
-- returns: product, description
select code as product, arg_max(description, hs_revision) as description
from products
where code in (select unnest($codes))
group by code
