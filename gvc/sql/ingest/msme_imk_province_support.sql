-- msme_imk_province_support: BPS IMK 2025 internet use, loans and partnerships by province.
-- files: $imk
create table msme_imk_province_support as
select pulau as island, provinsi as province, internet_tidak::bigint as internet_no,
       internet_ya::bigint as internet_yes, banyak_umk_pinjaman::bigint as firms_with_loans,
       umk_kemitraan_tidak::bigint as partnership_no,
       umk_kemitraan_ya::bigint as partnership_yes
from read_csv($imk, delim = ';', header = true, all_varchar = false);
