-- trade_flows (bilateral).
-- Sources: the BACI HS17 sample (value in thousand USD -> USD, quantity in tonnes), UN Comtrade
-- green coffee (reporter-declared exports; quantity in kg; partner rows that are not countries,
-- $comtrade_non_countries, are left out, and code 490 "Other Asia, nes" is Taiwan), BPS
-- Indonesia agri-food exports by HS chapter and destination (BTKI 2022, HS2022-based) and BPS
-- exports of chapters 84-85 by destination (summed over ports and months from the raw portal
-- files; 2025 = January-October). BPS destination names are mapped to ISO3 by
-- bps_destination_names_to_iso3.csv, case-insensitively (every name is mapped; a test checks it).
-- files: $baci, $coffee, $bps_agrifood, $bps_hs84_85, $names
create table trade_flows as
select 'baci_hs17_sample' as source, cast(t as integer) as year, e.iso3 as exporter,
       i.iso3 as importer, 'HS17' as hs_revision, cast(6 as tinyint) as level,
       k as product, v * 1000 as value_usd, q as quantity, 't' as quantity_unit
from read_parquet($baci) f
join baci_country_codes e on e.code = f.i
join baci_country_codes i on i.code = f.j;

insert into trade_flows
select 'comtrade_coffee', cast(year as integer),
       case when reporter_code = 490 then 'TWN' else reporter_iso3 end,
       case when partner_code = 490 then 'TWN' else partner_iso3 end,
       map($comtrade_rev_from, $comtrade_rev_to)[classification], 6, cmd_code,
       cast(trade_value_usd as double), cast(netweight_kg as double), 'kg'
from read_parquet($coffee)
where not list_contains($comtrade_non_countries, partner_code);

insert into trade_flows
select 'bps_exim_agrifood', cast(b.tahun as integer), 'IDN', m.iso3, 'HS22', 2, b.hs2,
       b.nilai_usd, null, null
from read_csv($bps_agrifood, header = true, quote = '"', escape = '"', columns = {
    'hs2': 'VARCHAR', 'negara': 'VARCHAR', 'nilai_usd': 'DOUBLE', 'tahun': 'INTEGER',
    'yoy_pct': 'DOUBLE', 'nama_chapter': 'VARCHAR', 'seksi': 'VARCHAR',
    'nama_seksi': 'VARCHAR'}) b
join read_csv($names, header = true, quote = '"', escape = '"', all_varchar = true) m
  on upper(m.bps_name) = upper(b.negara);

insert into trade_flows
select 'bps_exim_hs84_85', b.tahun, 'IDN', m.iso3, 'HS22', 2, b.hs2, b.nilai_usd_fob, null, null
from read_csv($bps_hs84_85, header = true, quote = '"', escape = '"', columns = {
    'hs2': 'VARCHAR', 'tahun': 'INTEGER', 'negara': 'VARCHAR', 'nilai_usd_fob': 'DOUBLE'}) b
join read_csv($names, header = true, quote = '"', escape = '"', all_varchar = true) m
  on upper(m.bps_name) = upper(b.negara);
