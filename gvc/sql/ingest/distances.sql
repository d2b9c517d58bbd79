-- distances: CEPII GeoDist bilateral distances; legacy codes mapped to ISO3 ($legacy_from ->
-- $legacy_to: ROM -> ROU, ZAR -> COD, TMP -> TLS, PAL -> PSE, YUG -> SRB).
-- files: $f
create table distances as
select coalesce(map($legacy_from, $legacy_to)[iso_o], iso_o) as origin,
       coalesce(map($legacy_from, $legacy_to)[iso_d], iso_d) as destination,
       contig::integer as contig, comlang_off::integer as comlang_off,
       comlang_ethno::integer as comlang_ethno, colony::integer as colony,
       comcol::integer as comcol, smctry::integer as smctry, dist::double as dist,
       distcap::double as distcap, try_cast(distw as double) as distw,
       try_cast(distwces as double) as distwces
from read_csv($f, delim = ';', header = true, quote = '"', escape = '"', all_varchar = true);
