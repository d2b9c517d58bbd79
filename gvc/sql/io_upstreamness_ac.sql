-- io_upstreamness_ac: the published Antras-Chor measures of one IO table and year.
-- params: $io_table, $year
-- returns: region, sector, upstreamness_ac, fugo_ac, downstreamness_ac, vago_ac
select region, sector, upstreamness as upstreamness_ac, fugo as fugo_ac,
       downstreamness as downstreamness_ac, vago as vago_ac
from io_upstreamness_ac
where io_table = $io_table and year = $year
order by region, position
