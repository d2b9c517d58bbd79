-- io_categories: the final-demand categories of one IO table and year, in a stable order.
-- params: $io_table, $year    returns: category
select distinct category
from io_final
where io_table = $io_table and year = $year
order by category
