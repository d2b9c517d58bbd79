-- hs_vintage_links: adjacent HS vintage links (many-to-many). Codes lost their leading zeros in
-- the source; they are padded to 6 digits.
-- files: $links
create table hs_vintage_links as
with steps(adjustment, from_revision, to_revision) as (
    values ('2022 to 2017', 'HS22', 'HS17'), ('2017 to 2012', 'HS17', 'HS12'),
           ('2012 to 2007', 'HS12', 'HS07'), ('2007 to 2002', 'HS07', 'HS02'),
           ('2002 to 1996', 'HS02', 'HS96'), ('1996 to 1992', 'HS96', 'HS92')
)
select s.from_revision, lpad(l."code.after", 6, '0') as from_code,
       s.to_revision, lpad(l."code.before", 6, '0') as to_code,
       l."Relationship" as relationship
from read_csv($links, header = true, quote = '"', escape = '"', all_varchar = true) l
join steps s on s.adjustment = l.adjustment;
