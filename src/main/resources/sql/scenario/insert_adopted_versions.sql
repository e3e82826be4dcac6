-- Adopting, step 2: the scenario's versions of changed and new features become the baseline's current ones,
-- with lineage source 'scenario:<id>' (the shadow rows carry it) and the adopting key's holder as source_id.
-- {table} the layer's table, {shadow} its shadow table, {columns} the layer's columns an INSERT writes (not
-- fid, not generated ones, not valid_from/valid_to/source_id/ingested_at), {s_columns} the same as s."column".
-- Parameters: the adopting key's holder, scenario id.
INSERT INTO {table} ({columns}, valid_from, source_id, ingested_at)
SELECT {s_columns}, now(), ?, now()
FROM {shadow} AS s
WHERE s.scn_id = ?
  AND s.scn_rev_to IS NULL
  AND s.scn_op = 'upsert'
