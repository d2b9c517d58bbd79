-- published_partner_trade: Indonesia's exports or imports by partner country (UN Comtrade, as
-- reported by Indonesia), with each partner's share of the World total of its year.
-- params: $flow ('export' / 'import'), $years (list, empty = all), $partners (list, empty = all)
with w as (
    select year, value_usd as world_usd from partner_trade
    where flow = $flow and partner_m49 = 0
)
select t.year, t.partner, c.name as partner_name, t.value_usd,
       t.value_usd / w.world_usd as share_of_world, w.world_usd
from partner_trade t
left join w using (year)
left join countries c on c.iso3 = t.partner
where t.flow = $flow and t.is_country
  and (len($years) = 0 or list_contains($years, t.year))
  and (len($partners) = 0 or list_contains($partners, t.partner))
order by t.year, t.value_usd desc
