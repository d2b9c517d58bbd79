-- domestic_province_industry: BPS IRIO 2016 province-industry output, VA, final demand, linkages.
-- params: none
-- returns: province_code, province, industry, industry_name, output_m_idr, value_added_m_idr,
--          final_demand_m_idr, forward, forward_norm, backward, backward_norm (million IDR)
select province_code, province, industry, industry_name, output_m_idr, value_added_m_idr,
       final_demand_m_idr, forward, forward_norm, backward, backward_norm
from irio2016_province_industry
order by province_code, industry
