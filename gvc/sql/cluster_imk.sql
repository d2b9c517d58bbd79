-- cluster_imk: BPS IMK 2025 micro and small industry by province and size class.
-- params: none
-- returns: island, province, size_class, firms, workers, input_m_idr, output_m_idr,
--          value_added_m_idr, labour_cost_m_idr
select * from msme_imk_province order by province, size_class
