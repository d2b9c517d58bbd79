-- io_output_detail: what the OECD ICIO 2025 table gives besides flows and output, per
-- region-sector (million current USD): intermediate inputs and sales (sums over the full table),
-- final-and-rest-of-world sales (output minus intermediate sales to the 80 economies, clipped at
-- 0 by the package authors: final demand of all destinations plus intermediate sales to the rest
-- of the world), output minus intermediate inputs (value added incl. taxes, not a VA block), the
-- package's 0.98 cap flag on the input share and the active flag.
-- files: $icio
create table io_output_detail as
select 'icio2025' as io_table, 2022 as year, region, sector,
       intermediate_inputs_musd as intermediate_inputs,
       intermediate_sales_musd as intermediate_sales,
       final_and_row_sales_musd as final_and_row_sales,
       value_added_incl_taxes_musd as output_less_inputs,
       inputs_share_capped, active
from read_parquet($icio);
