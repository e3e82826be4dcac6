-- One page of a layer as a GeoJSON FeatureCollection, built by PostGIS the way the app builds its
-- features (FeatureRepository.featureExpression in the query of src/main/resources/sql/feature/select_items.sql):
-- the same Feature objects, the same rows, keyset paging on fid. The plain-SQL baseline of bench/features.sh.
-- psql variables: table (schema-qualified), props (the jsonb_build_object arguments: 'name', t.name, …),
-- after (the last fid of the previous page, 0 for the first), size (features per page).
SELECT json_build_object('type', 'FeatureCollection',
                         'features', json_agg(f.feature ORDER BY f.fid),
                         'numberReturned', count(*))::text
FROM (
    SELECT t.fid,
           json_build_object('type', 'Feature', 'id', t.feature_id,
                             'geometry', ST_AsGeoJSON(t.geom_crs84, 7)::json,
                             'properties', jsonb_build_object(:props)) AS feature
    FROM :table AS t
    WHERE t.valid_to IS NULL
      AND t.fid > :after
    ORDER BY t.fid
    LIMIT :size
) AS f;
