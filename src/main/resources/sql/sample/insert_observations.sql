-- Inserts the sample's observations, shifted so that offset 0 is the load anchor ("now"); existing
-- observations are kept (a reload is a no-op for times already present).
-- Parameters: 1 anchor instant, 2 job id.
INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source, source_run, source_offset)
SELECT d.id,
       ?::timestamptz + make_interval(secs => s.offset_s),
       s.result,
       'tweeling-sample',
       ?,
       NULL
FROM sample_observation AS s
JOIN tweeling.datastream AS d ON d.key = s.datastream_key
ON CONFLICT (datastream_id, phenomenon_time) DO NOTHING
