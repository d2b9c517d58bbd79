-- hs_sections: the 21 HS sections (WCO list).
-- files: $sections
create table hs_sections as
select trim(section) as section, name
from read_csv($sections, header = true, quote = '"', escape = '"',
              columns = {'section': 'VARCHAR', 'name': 'VARCHAR'});
