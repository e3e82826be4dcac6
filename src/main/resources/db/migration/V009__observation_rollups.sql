-- Rollups of numeric observations per datastream (hourly: UTC hours; daily: Europe/Amsterdam local days,
-- 23, 24 or 25 hours), kept current by statement-level triggers on tweeling.observation for every writer
-- (the ingest COPY and merge, the sample loader, harvesters, SQL typed by hand), and a raw-data retention
-- per observed property. docs/sensors.md, "Time series and aggregates"; docs/architecture.md.
--
-- Only count, sum, min and max are rolled up: percentiles stay exact, read from the raw observations.

-- ---------------------------------------------------------------------------------------------
-- The rollup tables. A row exists only for a bucket with at least one numeric result (n >= 1).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tweeling.observation_hourly (
    datastream_id bigint           NOT NULL,
    hour          timestamptz      NOT NULL,   -- start of the UTC hour
    n             bigint           NOT NULL,   -- numeric results (result IS NOT NULL)
    sum           double precision NOT NULL,
    min           double precision NOT NULL,
    max           double precision NOT NULL,
    PRIMARY KEY (datastream_id, hour)
);

CREATE TABLE tweeling.observation_daily (
    datastream_id bigint           NOT NULL,
    day_start     timestamptz      NOT NULL,   -- local midnight (Europe/Amsterdam) starting the day
    n             bigint           NOT NULL,
    sum           double precision NOT NULL,
    min           double precision NOT NULL,
    max           double precision NOT NULL,
    PRIMARY KEY (datastream_id, day_start)
);

-- ---------------------------------------------------------------------------------------------
-- Raw-data retention per observed property: raw observations older than now - raw_retention are removed by
-- the app's partition maintenance (sensor/RetentionMaintainer); their rollups stay. NULL keeps them all.
-- raw_kept_since: the instant from which raw observations are complete (NULL: all of them).
-- ---------------------------------------------------------------------------------------------
ALTER TABLE tweeling.observed_property
    ADD COLUMN raw_retention  interval CHECK (raw_retention IS NULL OR raw_retention >= interval '1 day'),
    ADD COLUMN raw_kept_since timestamptz;

-- ---------------------------------------------------------------------------------------------
-- Keeping the rollups current.
--   * INSERT (COPY included): the new rows' counts, sums, minima and maxima are added to their buckets
--     (no raw row is read), unless an UPDATE came first in the transaction (see the insert trigger);
--   * UPDATE and DELETE: every bucket holding an old or new row whose result changed is recomputed, an
--     hour from its raw rows, a day from its hours (so a correction or a late value is exact at once);
--   * a transaction that sets tweeling.keep_rollups = 'on' (retention) deletes raw rows and keeps rollups.
-- ---------------------------------------------------------------------------------------------
-- Recomputes the given hours from the raw rows, then the days holding them from the hours.
CREATE FUNCTION tweeling.observation_rollup_recompute(ids bigint[], hours timestamptz[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM tweeling.observation_hourly AS r
    USING unnest(ids, hours) AS t (datastream_id, hour)
    WHERE r.datastream_id = t.datastream_id AND r.hour = t.hour;
    INSERT INTO tweeling.observation_hourly (datastream_id, hour, n, sum, min, max)
    SELECT t.datastream_id, t.hour, count(*), sum(o.result), min(o.result), max(o.result)
    FROM (SELECT DISTINCT datastream_id, hour FROM unnest(ids, hours) AS u (datastream_id, hour)) AS t
    JOIN tweeling.observation AS o
      ON o.datastream_id = t.datastream_id
     AND o.phenomenon_time >= t.hour
     AND o.phenomenon_time < t.hour + interval '1 hour'
    WHERE o.result IS NOT NULL
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

CREATE FUNCTION tweeling.observation_rollup_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids   bigint[];
    hours timestamptz[];
BEGIN
    -- After an UPDATE in this transaction, recompute instead of adding: INSERT … ON CONFLICT DO UPDATE fires
    -- its UPDATE statement trigger first, and that recompute has already counted the rows inserted here.
    IF current_setting('tweeling.rollup_recomputed', true) = 'on' THEN
        SELECT array_agg(datastream_id), array_agg(date_trunc('hour', phenomenon_time, 'UTC'))
        INTO ids, hours
        FROM new_rows
        WHERE result IS NOT NULL;
        IF ids IS NOT NULL THEN
            PERFORM tweeling.observation_rollup_recompute(ids, hours);
        END IF;
        RETURN NULL;
    END IF;
    INSERT INTO tweeling.observation_hourly AS r (datastream_id, hour, n, sum, min, max)
    SELECT datastream_id, date_trunc('hour', phenomenon_time, 'UTC'), count(*), sum(result), min(result), max(result)
    FROM new_rows
    WHERE result IS NOT NULL
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT (datastream_id, hour) DO UPDATE
    SET n = r.n + EXCLUDED.n,
        sum = r.sum + EXCLUDED.sum,
        min = least(r.min, EXCLUDED.min),
        max = greatest(r.max, EXCLUDED.max);

    INSERT INTO tweeling.observation_daily AS r (datastream_id, day_start, n, sum, min, max)
    SELECT datastream_id, date_trunc('day', phenomenon_time, 'Europe/Amsterdam'), count(*), sum(result),
           min(result), max(result)
    FROM new_rows
    WHERE result IS NOT NULL
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT (datastream_id, day_start) DO UPDATE
    SET n = r.n + EXCLUDED.n,
        sum = r.sum + EXCLUDED.sum,
        min = least(r.min, EXCLUDED.min),
        max = greatest(r.max, EXCLUDED.max);
    RETURN NULL;
END $$;

CREATE FUNCTION tweeling.observation_rollup_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids   bigint[];
    hours timestamptz[];
BEGIN
    -- the buckets of rows whose numeric result changed (or that moved: then both keys, each unmatched)
    SELECT array_agg(k.datastream_id), array_agg(k.hour)
    INTO ids, hours
    FROM (SELECT coalesce(o.datastream_id, n.datastream_id) AS datastream_id,
                 date_trunc('hour', coalesce(o.phenomenon_time, n.phenomenon_time), 'UTC') AS hour
          FROM old_rows AS o
          FULL JOIN new_rows AS n
            ON n.datastream_id = o.datastream_id AND n.phenomenon_time = o.phenomenon_time
          WHERE o.result IS DISTINCT FROM n.result) AS k;
    IF ids IS NOT NULL THEN
        PERFORM tweeling.observation_rollup_recompute(ids, hours);
    END IF;
    PERFORM set_config('tweeling.rollup_recomputed', 'on', true);
    RETURN NULL;
END $$;

CREATE FUNCTION tweeling.observation_rollup_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids   bigint[];
    hours timestamptz[];
BEGIN
    IF current_setting('tweeling.keep_rollups', true) = 'on' THEN
        RETURN NULL;   -- retention: the raw rows go, their rollups stay
    END IF;
    SELECT array_agg(datastream_id), array_agg(date_trunc('hour', phenomenon_time, 'UTC'))
    INTO ids, hours
    FROM old_rows
    WHERE result IS NOT NULL;
    IF ids IS NOT NULL THEN
        PERFORM tweeling.observation_rollup_recompute(ids, hours);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER observation_rollup_insert AFTER INSERT ON tweeling.observation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tweeling.observation_rollup_insert();
CREATE TRIGGER observation_rollup_update AFTER UPDATE ON tweeling.observation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tweeling.observation_rollup_update();
CREATE TRIGGER observation_rollup_delete AFTER DELETE ON tweeling.observation
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tweeling.observation_rollup_delete();

-- ---------------------------------------------------------------------------------------------
-- How a time range [lo, hi) is read: whole local days from the daily rollups (when use_days), whole UTC
-- hours from the hourly ones (when use_hours), the rest from the raw observations. kind: 'r' raw, 'h' hourly,
-- 'd' daily; the pieces are disjoint and cover [lo, hi) exactly. Amsterdam's offsets are whole hours, so a
-- local midnight is a UTC hour boundary.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION tweeling.rollup_cover(lo timestamptz, hi timestamptz, use_hours boolean, use_days boolean)
RETURNS TABLE (kind "char", piece_start timestamptz, piece_end timestamptz)
LANGUAGE plpgsql STABLE ROWS 5 AS $$
DECLARE
    h1 timestamptz;
    h2 timestamptz;
    d1 timestamptz;
    d2 timestamptz;
BEGIN
    IF lo >= hi THEN
        RETURN;
    END IF;
    h1 := date_trunc('hour', lo, 'UTC');
    IF h1 < lo THEN
        h1 := h1 + interval '1 hour';
    END IF;
    h2 := date_trunc('hour', hi, 'UTC');
    IF NOT use_hours OR h1 >= h2 THEN
        RETURN QUERY SELECT 'r'::"char", lo, hi;
        RETURN;
    END IF;
    IF lo < h1 THEN
        RETURN QUERY SELECT 'r'::"char", lo, h1;
    END IF;
    d1 := date_trunc('day', h1, 'Europe/Amsterdam');
    IF d1 < h1 THEN
        d1 := ((d1 AT TIME ZONE 'Europe/Amsterdam') + interval '1 day') AT TIME ZONE 'Europe/Amsterdam';
    END IF;
    d2 := date_trunc('day', h2, 'Europe/Amsterdam');
    IF use_days AND d1 < d2 THEN
        IF h1 < d1 THEN
            RETURN QUERY SELECT 'h'::"char", h1, d1;
        END IF;
        RETURN QUERY SELECT 'd'::"char", d1, d2;
        IF d2 < h2 THEN
            RETURN QUERY SELECT 'h'::"char", d2, h2;
        END IF;
    ELSE
        RETURN QUERY SELECT 'h'::"char", h1, h2;
    END IF;
    IF h2 < hi THEN
        RETURN QUERY SELECT 'r'::"char", h2, hi;
    END IF;
END $$;

-- ---------------------------------------------------------------------------------------------
-- The observations stored so far.
-- ---------------------------------------------------------------------------------------------
INSERT INTO tweeling.observation_hourly (datastream_id, hour, n, sum, min, max)
SELECT datastream_id, date_trunc('hour', phenomenon_time, 'UTC'), count(*), sum(result), min(result), max(result)
FROM tweeling.observation
WHERE result IS NOT NULL
GROUP BY 1, 2;

INSERT INTO tweeling.observation_daily (datastream_id, day_start, n, sum, min, max)
SELECT datastream_id, date_trunc('day', hour, 'Europe/Amsterdam'), sum(n), sum(sum), min(min), max(max)
FROM tweeling.observation_hourly
GROUP BY 1, 2;

-- ---------------------------------------------------------------------------------------------
-- Raw-data retention, run by the app's partition maintenance (sensor/PartitionMaintainer, daily).
-- Each observed property with a raw_retention keeps its raw observations from the UTC midnight at or
-- before now - raw_retention (its horizon); older ones are deleted with the rollups kept, and
-- raw_kept_since records the horizon. When every observed property has a retention, whole partitions
-- that end at or before the oldest horizon are dropped (cheaper than deleting their rows);
-- tweeling.raw_drop_before tells the partition maintenance not to create them again.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION tweeling.raw_drop_before(now_ts timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN count(*) > 0 AND bool_and(raw_retention IS NOT NULL)
                THEN min(date_trunc('day', now_ts - raw_retention, 'UTC')) END
    FROM tweeling.observed_property
$$;

CREATE FUNCTION tweeling.apply_raw_retention(now_ts timestamptz)
RETURNS TABLE (dropped_partitions integer, deleted_rows bigint)
LANGUAGE plpgsql AS $$
DECLARE
    drop_before timestamptz := tweeling.raw_drop_before(now_ts);
    part        record;
    prop        record;
    n           bigint;
BEGIN
    dropped_partitions := 0;
    deleted_rows := 0;
    PERFORM pg_advisory_xact_lock(hashtext('tweeling.observation partitions'));
    PERFORM set_config('tweeling.keep_rollups', 'on', true);
    IF drop_before IS NOT NULL THEN
        FOR part IN
            SELECT c.relname
            FROM pg_inherits AS i
            JOIN pg_class AS c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'tweeling.observation'::regclass
              AND c.relname <> 'observation_default'
              AND (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz <= drop_before
            ORDER BY c.relname
        LOOP
            EXECUTE format('DROP TABLE tweeling.%I', part.relname);
            dropped_partitions := dropped_partitions + 1;
        END LOOP;
    END IF;
    FOR prop IN
        SELECT id, date_trunc('day', now_ts - raw_retention, 'UTC') AS horizon
        FROM tweeling.observed_property
        WHERE raw_retention IS NOT NULL
        ORDER BY id
    LOOP
        DELETE FROM tweeling.observation AS o
        USING tweeling.datastream AS d
        WHERE d.observed_property = prop.id
          AND o.datastream_id = d.id
          AND o.phenomenon_time < prop.horizon;
        GET DIAGNOSTICS n = ROW_COUNT;
        deleted_rows := deleted_rows + n;
        UPDATE tweeling.observed_property
        SET raw_kept_since = prop.horizon
        WHERE id = prop.id
          AND (raw_kept_since IS NULL OR raw_kept_since < prop.horizon);
    END LOOP;
    PERFORM set_config('tweeling.keep_rollups', 'off', true);
    RETURN NEXT;
END $$;
