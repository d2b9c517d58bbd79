-- countries: BACI's ISO numeric/ISO2/ISO3 list joined with WDI regions and income.
-- WDI aggregates (regions, income groups) are kept with is_aggregate = true so that macro series
-- can be looked up, but they are never valid exporters or importers.
-- files: $baci, $wdi
create table countries as
with baci as (
    select iso_3digit_alpha as iso3, country_code as iso_num, iso_2digit_alpha as iso2,
           country_name_abbreviation as name
    from read_csv($baci, delim = ';', header = true, columns = {
        'country_code': 'INTEGER', 'country_name_abbreviation': 'VARCHAR',
        'country_name_full': 'VARCHAR', 'iso_2digit_alpha': 'VARCHAR',
        'iso_3digit_alpha': 'VARCHAR'})
    where iso_3digit_alpha <> 'N/A'
    qualify row_number() over (partition by iso_3digit_alpha order by country_code desc) = 1
),
wdi as (
    select "Country Code" as iso3, nullif("Region", '') as region,
           nullif("IncomeGroup", '') as income, "TableName" as name
    from read_csv($wdi, header = true, quote = '"', escape = '"', all_varchar = true)
)
select coalesce(b.iso3, w.iso3) as iso3, b.iso_num, b.iso2,
       coalesce(w.name, b.name) as name, w.region as wdi_region,
       w.income as income_group,
       (w.iso3 is not null and w.region is null) as is_aggregate
from baci b full outer join wdi w on w.iso3 = b.iso3
where coalesce(b.iso3, w.iso3) is not null;

-- Codes that appear in trade data but in neither list (e.g. Kosovo, territories).
insert into countries
select iso3, null, null, name, null, null, false
from (values ('XKX', 'Kosovo'), ('ATA', 'Antarctica'), ('CXR', 'Christmas Island'),
             ('ANT', 'Netherlands Antilles (former)'), ('EUN', 'European Union'),
             ('TWN', 'Taiwan (Other Asia, nes)'),
             ('ROW', 'Rest of the world (IO tables)')) v(iso3, name)
where iso3 not in (select iso3 from countries);

-- ISO 3166-1 alpha-2 codes of the rows neither list gives one (WDI-only economies and the codes
-- above), so that every country can be named in every language (CLDR names by alpha-2; XK and
-- EU are CLDR's codes for Kosovo and the European Union).
update countries set iso2 = v.iso2
from (values ('NAM', 'NA'), ('FRO', 'FO'), ('IMN', 'IM'), ('LIE', 'LI'), ('MAF', 'MF'),
             ('MCO', 'MC'), ('PRI', 'PR'), ('VIR', 'VI'), ('XKX', 'XK'), ('ATA', 'AQ'),
             ('TWN', 'TW'), ('EUN', 'EU'), ('CXR', 'CX')) v(iso3, iso2)
where countries.iso3 = v.iso3 and countries.iso2 is null;
