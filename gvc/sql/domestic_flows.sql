-- domestic_flows: BPS IRIO 2016 inter-provincial shipments (no own-province rows in the source).
-- params: none
-- returns: from_province_code, to_province_code, industry, use ('intermediate' / 'final'),
--          value_bn_idr (billion IDR)
select from_province_code, to_province_code, industry, use, value_bn_idr
from irio2016_flows
order by from_province_code, to_province_code, industry, use
