-- msme_size_definitions: Indonesian MSME size classes (compiled for gvc from public law).
-- files: $f
create table msme_size_definitions as
select legal_basis, criterion, size_class,
       lower_bound_exclusive_idr::double as lower_exclusive_idr,
       upper_bound_inclusive_idr::double as upper_inclusive_idr,
       lower_bound_workers::integer as lower_workers,
       upper_bound_workers::integer as upper_workers, notes
from read_csv($f, header = true, quote = '"', escape = '"', all_varchar = true);
