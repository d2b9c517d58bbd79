-- store_product_codes: the HS codes of one revision (every level).
-- params: $revision (HS92..HS22)
-- returns: code
select code from products where hs_revision = $revision
