-- The sensors as a feature layer: one feature per datastream at its location (its own, else its thing's),
-- with its observed property and latest value, so GIS tools and maps show live sensors through the same
-- OGC API as every other layer. A view over the sensor tables: no copy to keep in step, the latest value is
-- the one the ingest writer keeps on the datastream.

-- Who keeps a layer's rows: NULL for layers that imports (and edits) write, else the part of the platform
-- that maintains them; such layers refuse imports, and the registry computes their statistics as it reads them.
ALTER TABLE tweeling.layer ADD COLUMN maintained_by text;

CREATE VIEW tweeling.sensors AS
SELECT d.id                                     AS fid,
       d.key                                    AS feature_id,
       d.name,
       d.description,
       t.key                                    AS thing,
       t.name                                   AS thing_name,
       d.observed_property,
       p.name                                   AS observed_property_name,
       coalesce(d.unit_symbol, p.unit_symbol)   AS unit,
       d.latest_result,
       d.latest_time,
       d.id                                     AS datastream_id,
       g.geom::geometry(Point, 28992)           AS geom,
       ST_Transform(g.geom, 4326)::geometry(Point, 4326) AS geom_crs84,
       d.ingested_at                            AS valid_from,
       NULL::timestamptz                        AS valid_to,
       NULL::text                               AS content_hash,
       d.source,
       d.source_run,
       d.source_id,
       NULL::timestamptz                        AS fetched_at,
       d.ingested_at
FROM tweeling.datastream AS d
JOIN tweeling.thing AS t ON t.id = d.thing_id
JOIN tweeling.observed_property AS p ON p.id = d.observed_property
CROSS JOIN LATERAL (SELECT coalesce(d.geom, t.geom) AS geom) AS g
WHERE g.geom IS NOT NULL;

INSERT INTO tweeling.layer (id, title, description, table_schema, table_name, geometry_type, source, licence,
                            maintained_by, keywords)
VALUES ('sensors', 'Sensors',
        'Sensor datastreams at their location with their observed property and latest value and time; kept'
        || ' current by ingestion. Time series: /datastreams/{datastream_id}/observations; SensorThings: /sta/v1.1.',
        'tweeling', 'sensors', 'Point', 'tweeling-sensors', 'CC-BY-4.0', 'sensors', ARRAY['sensors', 'live']);

