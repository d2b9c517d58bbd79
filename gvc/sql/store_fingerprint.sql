-- store_fingerprint: the content fingerprint the build stamped on this snapshot.
-- params: none
-- returns: value (one row, or none for a database built before fingerprints)
select value from gvc_meta where key = 'fingerprint'
