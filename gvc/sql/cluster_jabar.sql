-- cluster_jabar: West Java UMKM unit counts (projections) by regency and category.
-- params: none
-- returns: year, province_code, regency_code, regency, category, units
select * from jabar_umkm order by year, regency_code, category
