-- complexity_products: descriptions of the products of one HS revision and level.
-- params: $revision (HS92..HS22), $level (2/4/6)
-- returns: product, description, section
select code as product, description, section
from products
where hs_revision = $revision and level = $level
order by code
