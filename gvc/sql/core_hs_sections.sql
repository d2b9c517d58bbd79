-- core_hs_sections: the HS sections with their names.
-- params: none
-- returns: section, name
select section, name from hs_sections
