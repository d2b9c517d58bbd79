-- jabar_umkm: West Java UMKM units by regency and category, 2017-2021.
-- files: $f
create table jabar_umkm as
select tahun::integer as year, kode_provinsi as province_code,
       kode_kabupaten_kota as regency_code, nama_kabupaten_kota as regency,
       kategori_usaha as category, jumlah_umkm::bigint as units
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true);
