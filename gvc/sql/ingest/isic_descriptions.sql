-- isic_descriptions: ISIC Rev.3 and Rev.4 code names.
-- files: $isic3, $isic4
create table isic_descriptions as
select '3' as revision, code, "desc" as description
from read_csv($isic3, header = true, quote = '"', escape = '"', all_varchar = true)
union all
select '4', code, "desc"
from read_csv($isic4, header = true, quote = '"', escape = '"', all_varchar = true);
