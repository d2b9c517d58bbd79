-- baci_country_codes (code, iso3, name): BACI's list with two fixes.
-- BACI flows use code 381 for Italy (with San Marino and the Vatican), which the V202301 list
-- omits, and code 490 "Other Asia, nes" with ISO3 'N/A'; UN practice reads 490 as Taiwan, so it
-- maps to 'TWN'. Without these fixes, flows to Italy and Taiwan would be lost.
-- files: $baci
create table baci_country_codes as
select country_code as code,
       case when country_code = 490 then 'TWN' else iso_3digit_alpha end as iso3,
       country_name_abbreviation as name
from read_csv($baci, delim = ';', header = true, columns = {
    'country_code': 'INTEGER', 'country_name_abbreviation': 'VARCHAR',
    'country_name_full': 'VARCHAR', 'iso_2digit_alpha': 'VARCHAR',
    'iso_3digit_alpha': 'VARCHAR'})
union all
select 381, 'ITA', 'Italy (BACI code 381)';
