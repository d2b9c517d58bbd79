-- published_pci: the Atlas's published PCI by HS92 4-digit product and year, 1995-2023.
-- files: $f
create table published_pci as
select 'atlas' as source, 'HS92' as hs_revision, year, hs_product_code as product,
       product_complexity_index as pci
from read_csv($f, header = true, columns = {
    'year': 'INTEGER', 'hs_product_code': 'VARCHAR', 'product_complexity_index': 'DOUBLE'});
