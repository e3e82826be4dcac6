-- All registered layers with the statistics the registry keeps current and their access rules.
-- Parameters: none.
SELECT id,
       title,
       description,
       table_schema,
       table_name,
       geometry_type,
       source,
       licence,
       feature_count,
       extent_crs84,
       temporal_start,
       temporal_end,
       keywords,
       attribution,
       licence_url,
       access,
       restricted::text AS restricted,
       maintained_by
FROM tweeling.layer
ORDER BY id
