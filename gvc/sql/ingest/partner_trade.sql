-- partner_trade: Indonesia's total merchandise exports and imports by partner, 2000-2024, USD,
-- as reported by Indonesia to UN Comtrade (cmdCode TOTAL, no product detail). The World row
-- (partner_m49 0, partner 'W00') and Comtrade's special areas are kept, flagged
-- is_country = false; code 490 "Other Asia, nes" is Taiwan (TWN), as elsewhere in gvc.
-- files: $f
create table partner_trade as
with t as (
    select cast("refYear" as integer) as year,
           case "flowCode" when 'X' then 'export' when 'M' then 'import' end as flow,
           cast("partnerCode" as integer) as partner_m49,
           case when cast("partnerCode" as integer) = 490 then 'TWN'
                else trim("iso3") end as partner,
           cast("primaryValue" as double) as value_usd
    from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true)
)
select 'comtrade_idn_partners' as source, t.year, 'IDN' as reporter, t.flow, t.partner,
       t.partner_m49, t.value_usd,
       (t.partner_m49 <> 0 and c.iso3 is not null and not c.is_aggregate) as is_country
from t left join countries c on c.iso3 = t.partner;
