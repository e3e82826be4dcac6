-- A third rollup level of numeric observations: five-minute buckets (on UTC five-minute marks, which are local
-- five-minute marks too: Europe/Amsterdam's offsets are whole hours). Aggregates into buckets of 5, 10, 15, 20
-- or 30 minutes read whole five-minute periods here instead of every raw row (a one-minute series: a fifth of
-- the rows to group; docs/sensors.md, "Time series and aggregates").
--
-- The insert path is also made cheaper: the rows of an INSERT (or COPY) statement are grouped ONCE, per
-- datastream and five-minute bucket, and that small result feeds the observation counts (V015), the
-- five-minute, hourly and daily rollups, instead of grouping the statement's rows once per summary. So one
-- statement-level trigger replaces observation_rollup_insert (V009) and observation_count_insert (V015).
-- Locks are taken per table in key order, tables in the order counts, five minutes, hours, days; the recompute
-- (UPDATE, DELETE) takes five minutes, hours, days in the same order.

CREATE TABLE tweeling.observation_5min (
    datastream_id bigint           NOT NULL,
    bucket        timestamptz      NOT NULL,   -- start of the five-minute period (UTC five-minute mark)
    n             integer          NOT NULL,   -- numeric results (result IS NOT NULL), at least 1 (integer: its sum
                                               -- is a bigint, where a bigint's would be numeric)
    sum           double precision NOT NULL,
    min           double precision NOT NULL,
    max           double precision NOT NULL,
    PRIMARY KEY (datastream_id, bucket)
);

INSERT INTO tweeling.observation_5min (datastream_id, bucket, n, sum, min, max)
SELECT datastream_id, date_bin('5 minutes', phenomenon_time, TIMESTAMPTZ '2000-01-01 00:00:00+00'),
       count(*), sum(result), min(result), max(result)
FROM tweeling.observation
WHERE result IS NOT NULL
GROUP BY 1, 2;

-- Recomputes the given hours: their five-minute buckets from the raw rows, the hours from those, then the days
-- holding them from the hours (V009's function with the five-minute level added first).
CREATE OR REPLACE FUNCTION tweeling.observation_rollup_recompute(ids bigint[], hours timestamptz[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM tweeling.observation_5min AS r
    USING (SELECT DISTINCT datastream_id, hour FROM unnest(ids, hours) AS u (datastream_id, hour)) AS t
    WHERE r.datastream_id = t.datastream_id
      AND r.bucket >= t.hour
      AND r.bucket < t.hour + interval '1 hour';
    INSERT INTO tweeling.observation_5min (datastream_id, bucket, n, sum, min, max)
    SELECT t.datastream_id, date_bin('5 minutes', o.phenomenon_time, TIMESTAMPTZ '2000-01-01 00:00:00+00'),
           count(*), sum(o.result), min(o.result), max(o.result)
    FROM (SELECT DISTINCT datastream_id, hour FROM unnest(ids, hours) AS u (datastream_id, hour)) AS t
    JOIN tweeling.observation AS o
      ON o.datastream_id = t.datastream_id
     AND o.phenomenon_time >= t.hour
     AND o.phenomenon_time < t.hour + interval '1 hour'
    WHERE o.result IS NOT NULL
    GROUP BY 1, 2
    ORDER BY 1, 2;

    DELETE FROM tweeling.observation_hourly AS r
    USING unnest(ids, hours) AS t (datastream_id, hour)
    WHERE r.datastream_id = t.datastream_id AND r.hour = t.hour;
    INSERT INTO tweeling.observation_hourly (datastream_id, hour, n, sum, min, max)
    SELECT t.datastream_id, t.hour, sum(f.n), sum(f.sum), min(f.min), max(f.max)
    FROM (SELECT DISTINCT datastream_id, hour FROM unnest(ids, hours) AS u (datastream_id, hour)) AS t
    JOIN tweeling.observation_5min AS f
      ON f.datastream_id = t.datastream_id
     AND f.bucket >= t.hour
     AND f.bucket < t.hour + interval '1 hour'
    GROUP BY 1, 2
    ORDER BY 1, 2;

    DELETE FROM tweeling.observation_daily AS r
    USING unnest(ids, hours) AS t (datastream_id, hour)
    WHERE r.datastream_id = t.datastream_id AND r.day_start = date_trunc('day', t.hour, 'Europe/Amsterdam');
    INSERT INTO tweeling.observation_daily (datastream_id, day_start, n, sum, min, max)
    SELECT t.datastream_id, t.day_start, sum(h.n), sum(h.sum), min(h.min), max(h.max)
    FROM (SELECT DISTINCT datastream_id, date_trunc('day', hour, 'Europe/Amsterdam') AS day_start
          FROM unnest(ids, hours) AS u (datastream_id, hour)) AS t
    JOIN tweeling.observation_hourly AS h
      ON h.datastream_id = t.datastream_id
     AND h.hour >= t.day_start
     AND h.hour < ((t.day_start AT TIME ZONE 'Europe/Amsterdam') + interval '1 day') AT TIME ZONE 'Europe/Amsterdam'
    GROUP BY 1, 2
    ORDER BY 1, 2;
END $$;

-- The one insert trigger: counts and the three rollup levels from one grouping of the statement's rows.
CREATE FUNCTION tweeling.observation_insert_summaries() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids     bigint[];             -- per (datastream, five-minute bucket) holding new rows, in key order:
    buckets timestamptz[];        --   the bucket's start
    rws     bigint[];             --   all new rows (the counts count results of any kind)
    ns      bigint[];             --   numeric results (the rollups)
    sums    double precision[];
    mins    double precision[];
    maxs    double precision[];
    rids    bigint[];             -- the hours to recompute (after an UPDATE in this transaction)
    rhours  timestamptz[];
BEGIN
    -- one sort: the arrays take the rows of the sorted subquery in its order
    SELECT array_agg(g.datastream_id), array_agg(g.bucket), array_agg(g.rws), array_agg(g.n), array_agg(g.sum),
           array_agg(g.min), array_agg(g.max)
    INTO ids, buckets, rws, ns, sums, mins, maxs
    FROM (SELECT datastream_id,
                 date_bin('5 minutes', phenomenon_time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
                 count(*) AS rws, count(result) AS n, sum(result) AS sum, min(result) AS min, max(result) AS max
          FROM new_rows
          GROUP BY 1, 2
          ORDER BY 1, 2) AS g;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;

    -- the number of observations per datastream (V015): an insert transition table holds only inserted rows
    INSERT INTO tweeling.datastream_observation_count AS c (datastream_id, n)
    SELECT u.datastream_id, sum(u.rws)
    FROM unnest(ids, rws) AS u (datastream_id, rws)
    GROUP BY 1
    ORDER BY 1
    ON CONFLICT (datastream_id) DO UPDATE
    SET n = c.n + EXCLUDED.n;

    -- After an UPDATE in this transaction, recompute instead of adding: INSERT … ON CONFLICT DO UPDATE fires
    -- its UPDATE statement trigger first, and that recompute has already counted the rows inserted here.
    IF current_setting('tweeling.rollup_recomputed', true) = 'on' THEN
        SELECT array_agg(h.datastream_id), array_agg(h.hour)
        INTO rids, rhours
        FROM (SELECT DISTINCT u.datastream_id, date_trunc('hour', u.bucket, 'UTC') AS hour
              FROM unnest(ids, buckets, ns) AS u (datastream_id, bucket, n)
              WHERE u.n > 0) AS h;
        IF rids IS NOT NULL THEN
            PERFORM tweeling.observation_rollup_recompute(rids, rhours);
        END IF;
        RETURN NULL;
    END IF;

    INSERT INTO tweeling.observation_5min AS r (datastream_id, bucket, n, sum, min, max)
    SELECT u.datastream_id, u.bucket, u.n, u.sum, u.min, u.max
    FROM unnest(ids, buckets, ns, sums, mins, maxs) AS u (datastream_id, bucket, n, sum, min, max)
    WHERE u.n > 0
    ON CONFLICT (datastream_id, bucket) DO UPDATE
    SET n = r.n + EXCLUDED.n,
        sum = r.sum + EXCLUDED.sum,
        min = least(r.min, EXCLUDED.min),
        max = greatest(r.max, EXCLUDED.max);

    INSERT INTO tweeling.observation_hourly AS r (datastream_id, hour, n, sum, min, max)
    SELECT u.datastream_id, date_trunc('hour', u.bucket, 'UTC'), sum(u.n), sum(u.sum), min(u.min), max(u.max)
    FROM unnest(ids, buckets, ns, sums, mins, maxs) AS u (datastream_id, bucket, n, sum, min, max)
    WHERE u.n > 0
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT (datastream_id, hour) DO UPDATE
    SET n = r.n + EXCLUDED.n,
        sum = r.sum + EXCLUDED.sum,
        min = least(r.min, EXCLUDED.min),
        max = greatest(r.max, EXCLUDED.max);

    INSERT INTO tweeling.observation_daily AS r (datastream_id, day_start, n, sum, min, max)
    SELECT u.datastream_id, date_trunc('day', u.bucket, 'Europe/Amsterdam'), sum(u.n), sum(u.sum), min(u.min),
           max(u.max)
    FROM unnest(ids, buckets, ns, sums, mins, maxs) AS u (datastream_id, bucket, n, sum, min, max)
    WHERE u.n > 0
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT (datastream_id, day_start) DO UPDATE
    SET n = r.n + EXCLUDED.n,
        sum = r.sum + EXCLUDED.sum,
        min = least(r.min, EXCLUDED.min),
        max = greatest(r.max, EXCLUDED.max);
    RETURN NULL;
END $$;

DROP TRIGGER observation_rollup_insert ON tweeling.observation;
DROP TRIGGER observation_count_insert ON tweeling.observation;
DROP FUNCTION tweeling.observation_rollup_insert();
DROP FUNCTION tweeling.observation_count_insert();
CREATE TRIGGER observation_insert_summaries AFTER INSERT ON tweeling.observation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tweeling.observation_insert_summaries();
