-- cluster_imk_support: BPS IMK 2025 internet use, loans and partnerships by province.
-- params: none
-- returns: island, province, internet_no, internet_yes, firms_with_loans, partnership_no,
--          partnership_yes
select * from msme_imk_province_support order by province
