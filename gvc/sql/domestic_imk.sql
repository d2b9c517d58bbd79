-- domestic_imk: BPS IMK 2025 micro and small industry by province (totals of both classes)
-- with internet use, loans and partnerships.
-- params: none
-- returns: province, firms, workers, value_added_m_idr, output_m_idr, internet_yes, internet_no,
--          firms_with_loans, partnership_yes, partnership_no
select p.province, p.firms, p.workers, p.value_added_m_idr, p.output_m_idr,
       s.internet_yes, s.internet_no, s.firms_with_loans, s.partnership_yes, s.partnership_no
from msme_imk_province p
join msme_imk_province_support s using (province)
where p.size_class = 'total'
order by p.province
