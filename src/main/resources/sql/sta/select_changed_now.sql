-- Of the given observations, those this transaction inserted or corrected (both set ingested_at to now(), the
-- transaction's start; a duplicate keeps the time of the write that stored it).
-- Parameters: 1 observation ids (bigint[]).
SELECT o.id
FROM tweeling.observation AS o
WHERE o.id = ANY (?::bigint[])
  AND o.ingested_at = now()
