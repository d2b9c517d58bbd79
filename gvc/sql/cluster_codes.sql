-- cluster_codes: known ISIC Rev.4 codes (2-4 digits) and HS codes (any revision, 2-6 digits).
-- params: none
-- returns: kind ('isic4' or 'hs'), code
select distinct 'isic4' as kind, code from isic_descriptions where revision = '4'
union all
select distinct 'hs', code from products
