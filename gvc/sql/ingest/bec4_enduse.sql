-- bec4_enduse: BEC Rev.4 -> SNA end use (compiled for gvc).
-- files: $f
create table bec4_enduse as
select bec4_3d_padded as bec4, bec4_code, bec4_description as description,
       sna_basic_class as end_use
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true);
