-- irio2016_province_industry: BPS IRIO 2016 output, VA, final demand and linkages by province
-- and industry (million IDR).
-- files: $pi
create table irio2016_province_industry as
select kode_prov as province_code, nama_prov as province, kode_ind as industry,
       nama_ind as industry_name, output_jt as output_m_idr,
       value_added_jt as value_added_m_idr, final_demand as final_demand_m_idr,
       forward, n_forward as forward_norm, backward, n_backward as backward_norm
from read_csv($pi, header = true, quote = '"', escape = '"', columns = {
    'id': 'VARCHAR', 'kode_prov': 'VARCHAR', 'nama_prov': 'VARCHAR', 'kode_ind': 'VARCHAR',
    'nama_ind': 'VARCHAR', 'output_jt': 'DOUBLE', 'value_added_jt': 'DOUBLE',
    'final_demand': 'DOUBLE', 'forward': 'DOUBLE', 'n_forward': 'DOUBLE',
    'backward': 'DOUBLE', 'n_backward': 'DOUBLE'});
