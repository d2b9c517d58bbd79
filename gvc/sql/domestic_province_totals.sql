-- domestic_province_totals: GRDP (sum of the production block) and foreign exports/imports
-- of each IRIO 2016 province (GRDP components, million IDR).
-- params: none
-- returns: province_code, province, grdp_m_idr, foreign_exports_m_idr, foreign_imports_m_idr,
--          interprovincial_exports_m_idr
select province_code, any_value(province) as province,
       sum(value_m_idr) filter (where block = 'PRODUKSI') as grdp_m_idr,
       sum(value_m_idr) filter (where block = 'PENGELUARAN' and component = '3071')
           as foreign_exports_m_idr,
       -sum(value_m_idr) filter (where block = 'PENGELUARAN' and component = '2000')
           as foreign_imports_m_idr,
       sum(value_m_idr) filter (where block = 'PENGELUARAN' and component = '3072')
           as interprovincial_exports_m_idr
from irio2016_grdp
group by province_code
order by province_code
