-- bec4_descriptions: BEC Rev.4 code names.
-- files: $f
create table bec4_descriptions as
select code, "desc" as description
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true);
