-- irio52_industries: the 52 IRIO 2016 industries with the approximate ISIC Rev.4 divisions.
-- files: $industries, $isic4
create table irio52_industries as
select i.irio52_code as industry, i.irio52_name_id as name_id,
       m.isic4_kbli_divisions as isic4_divisions, m.mapping_type, m.note
from read_csv($industries, header = true, quote = '"', escape = '"', all_varchar = true) i
left join read_csv($isic4, header = true, quote = '"', escape = '"', all_varchar = true) m
  using (irio52_code);
