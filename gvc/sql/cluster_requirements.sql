-- cluster_requirements: the market entry requirements fact table.
-- params: none
-- returns: row_id, market, market_code, product_group, hs_scope, requirement, type, legal_basis,
--          source_urls
select row_id, market, market_code, product_group, hs_scope, requirement, type, legal_basis,
       source_urls
from market_requirements
order by row_id
