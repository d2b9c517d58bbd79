-- irio2016_flows: BPS IRIO 2016 inter-provincial flows (52 industries, billion IDR).
-- files: $flows
create table irio2016_flows as
select kode_prov_eks as from_province_code, nama_prov_eks as from_province,
       kode_prov_imp as to_province_code, nama_prov_imp as to_province,
       kode_ind_eks as industry, nama_ind_eks as industry_name,
       case penggunaan when 'Bahan Baku' then 'intermediate'
                       when 'Konsumsi Akhir' then 'final' else penggunaan end as use,
       nilai_mil as value_bn_idr
from read_parquet($flows);
