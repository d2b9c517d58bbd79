-- published_adb_economies: the ADB MRIO economies (ISO3, ADB code, name).
-- params: none
select iso3, adb_code, name from adb_economies order by mrio
