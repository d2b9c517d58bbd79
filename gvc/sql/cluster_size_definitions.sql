-- cluster_size_definitions: Indonesian MSME size thresholds (PP 7/2021, UU 20/2008, BPS bands).
-- params: none
-- returns: legal_basis, criterion, size_class, lower_exclusive_idr, upper_inclusive_idr,
--          lower_workers, upper_workers, notes
select * from msme_size_definitions
