-- One page of current features of a layer as GeoJSON Feature objects, in key order (keyset paging).
-- {table}, {properties} and {where} are built from the layer registry; {where} adds bound filters:
--   AND t.fid > ?                                            (cursor)
--   AND t.geom_crs84 && ST_MakeEnvelope(?, ?, ?, ?, 4326)    (bbox, uses the GiST index)
-- Parameters: the filters' values in that order, then the page size + 1 (to tell whether more follow).
SELECT t.fid,
       json_build_object(
           'type', 'Feature',
           'id', t.feature_id,
           'geometry', ST_AsGeoJSON(t.geom_crs84, 7)::json,
           'properties', {properties}
       )::text
FROM {table} AS t
WHERE t.valid_to IS NULL{where}
ORDER BY t.fid
LIMIT ?
