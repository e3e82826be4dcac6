-- After a merge round: the stored rows that hold a staged message's value. That is each row the round
-- inserted or corrected, and each row an earlier delivery of the same message stored (same source,
-- position and run), so a redelivered batch reports again what it wrote before; a duplicate of a value
-- another message stored is left out. Read while the stage still holds the round.
-- Parameters: none.
SELECT o.id,
       o.datastream_id,
       o.phenomenon_time,
       o.result,
       o.result_json::text,
       o.corrections
FROM observation_stage AS s
JOIN tweeling.observation AS o
  ON o.datastream_id = s.datastream_id
 AND o.phenomenon_time = s.phenomenon_time
WHERE o.source IS NOT DISTINCT FROM s.source
  AND o.source_offset IS NOT DISTINCT FROM s.source_offset
  AND o.source_run IS NOT DISTINCT FROM s.source_run
  AND o.result IS NOT DISTINCT FROM s.result
  AND o.result_json IS NOT DISTINCT FROM s.result_json
ORDER BY s.seq
