-- msme_imk_province: BPS IMK 2025 by province and size class (micro, small, total), million IDR.
-- files: $imk
create table msme_imk_province as
with imk as (select * from read_csv($imk, delim = ';', header = true, all_varchar = false))
select pulau as island, provinsi as province, 'micro' as size_class,
       jumlah_perusahaan_mikro::bigint as firms, jumlah_tk_mikro::bigint as workers,
       nilai_input_mikro::double as input_m_idr, nilai_output_mikro::double as output_m_idr,
       nilai_tambah_mikro::double as value_added_m_idr,
       pengeluaran_tk_mikro::double as labour_cost_m_idr
from imk
union all
select pulau, provinsi, 'small', jumlah_perusahaan_kecil::bigint, jumlah_tk_kecil::bigint,
       nilai_input_kecil::double, nilai_output_kecil::double, nilai_tambah_kecil::double,
       pengeluaran_tk_kecil::double
from imk
union all
select pulau, provinsi, 'total', jumlah_perusahaan_total::bigint, jumlah_tk_total::bigint,
       nilai_input_total::double, nilai_output_total::double, nilai_tambah_total::double,
       pengeluaran_tk_total::double
from imk;
