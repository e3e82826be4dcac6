-- ---------------------------------------------------------------------------------------------
-- The number of raw observations of each datastream, kept by the write path, so that an exact count
-- (SensorThings' $count on Datastreams(id)/Observations) is one row read however long the series is,
-- instead of a scan of its index (200,000 entries: tens of milliseconds).
--   * INSERT (COPY and INSERT … ON CONFLICT included: its insert transition table holds only the rows
--     that were inserted): + the new rows per datastream;
--   * DELETE (retention's included): − the old rows;
--   * UPDATE that moves rows between datastreams: both (a correction leaves the counts alone);
--   * retention dropping whole partitions subtracts their rows first (tweeling.apply_raw_retention below).
-- Statement-level triggers, the rows of a statement grouped per datastream and locked in datastream order
-- (as the rollups are), so concurrent batches cannot deadlock on them.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tweeling.datastream_observation_count (
    datastream_id bigint PRIMARY KEY REFERENCES tweeling.datastream (id) ON DELETE CASCADE,
    n             bigint NOT NULL
);

INSERT INTO tweeling.datastream_observation_count (datastream_id, n)
SELECT datastream_id, count(*)
FROM tweeling.observation
GROUP BY datastream_id;

CREATE FUNCTION tweeling.observation_count_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tweeling.datastream_observation_count AS c (datastream_id, n)
    SELECT datastream_id, count(*)
    FROM new_rows
    GROUP BY datastream_id
    ORDER BY datastream_id
    ON CONFLICT (datastream_id) DO UPDATE
    SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE FUNCTION tweeling.observation_count_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tweeling.datastream_observation_count AS c
    SET n = c.n - o.n
    FROM (SELECT datastream_id, count(*) AS n
          FROM old_rows
          GROUP BY datastream_id
          ORDER BY datastream_id) AS o
    WHERE c.datastream_id = o.datastream_id;
    RETURN NULL;
END $$;

CREATE FUNCTION tweeling.observation_count_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- only rows that changed datastream: a correction keeps its datastream and its count
    IF EXISTS (SELECT 1 FROM old_rows AS o
               WHERE NOT EXISTS (SELECT 1 FROM new_rows AS n
                                 WHERE n.datastream_id = o.datastream_id
                                   AND n.phenomenon_time = o.phenomenon_time)) THEN
        INSERT INTO tweeling.datastream_observation_count AS c (datastream_id, n)
        SELECT datastream_id, sum(delta)
        FROM (SELECT datastream_id, 1 AS delta FROM new_rows
              UNION ALL
              SELECT datastream_id, -1 FROM old_rows) AS d
        GROUP BY datastream_id
        HAVING sum(delta) <> 0
        ORDER BY datastream_id
        ON CONFLICT (datastream_id) DO UPDATE
        SET n = c.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER observation_count_insert AFTER INSERT ON tweeling.observation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tweeling.observation_count_insert();
CREATE TRIGGER observation_count_update AFTER UPDATE ON tweeling.observation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tweeling.observation_count_update();
CREATE TRIGGER observation_count_delete AFTER DELETE ON tweeling.observation
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tweeling.observation_count_delete();

-- Retention as in V009, the rows of each dropped partition subtracted from the counts first.
CREATE OR REPLACE FUNCTION tweeling.apply_raw_retention(now_ts timestamptz)
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
            -- the partition's rows leave the counts (V015) before it goes
            EXECUTE format('UPDATE tweeling.datastream_observation_count AS c SET n = c.n - p.n'
                           ' FROM (SELECT datastream_id, count(*) AS n FROM tweeling.%I GROUP BY 1 ORDER BY 1) AS p'
                           ' WHERE c.datastream_id = p.datastream_id', part.relname);
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
