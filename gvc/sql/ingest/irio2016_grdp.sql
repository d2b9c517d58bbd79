-- irio2016_grdp: BPS IRIO 2016 GRDP components by province (million IDR).
-- files: $grdp
create table irio2016_grdp as
select kode_prov as province_code, nama_prov as province, jenis_pdrb as block,
       kode_komp as component, nama_komp as component_name, nilai_jt as value_m_idr
from read_csv($grdp, header = true, quote = '"', escape = '"', columns = {
    'kode_prov': 'VARCHAR', 'nama_prov': 'VARCHAR', 'jenis_pdrb': 'VARCHAR',
    'kode_komp': 'VARCHAR', 'nama_komp': 'VARCHAR', 'nilai_jt': 'DOUBLE'});
