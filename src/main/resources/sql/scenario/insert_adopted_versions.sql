-- Adopting, step 2: the scenario's versions of changed and new features become the baseline's current ones,
-- with lineage source 'scenario:<id>' and source_id the scenario edit's id in tweeling.feature_edit (the shadow
-- rows carry both; the edit log names the key and the scenario, so no key name is published on a layer).
-- {table} the layer's table, {shadow} its shadow table, {columns} the layer's columns an INSERT writes (not
-- fid, not generated ones, not valid_from/valid_to/source_id/ingested_at), {s_columns} the same as s."column".
-- Parameters: scenario id.
INSERT INTO {table} ({columns}, valid_from, source_id, ingested_at)
SELECT {s_columns}, now(), s.source_id, now()
FROM {shadow} AS s
WHERE s.scn_id = ?
  AND s.scn_rev_to IS NULL
  AND s.scn_op = 'upsert'
