-- Inserts a new current version for every staged feature that has none (new or just ended as changed).
-- {table}, {columns}, {values} and {geometry} are built from the registry's column list.
-- Parameters: 1 valid from (the load instant), 2 source, 3 job id, 4 fetched at.
INSERT INTO {table} AS t (feature_id, {columns}geom, valid_from, content_hash, source, source_run, source_id, fetched_at)
SELECT s.feature_id,
       {values}
       {geometry},
       ?,
       s.content_hash,
       ?,
       ?,
       s.feature_id,
       ?
FROM feature_stage AS s
WHERE NOT EXISTS (
    SELECT 1
    FROM {table} AS cur
    WHERE cur.feature_id = s.feature_id
      AND cur.valid_to IS NULL
)
