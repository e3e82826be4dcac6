-- Inserts a feature's new current version written through the API, with lineage source 'api' and the edit's id.
-- {table} is the layer's table and {columns} its attribute columns from the registry (quoted, each followed by
-- a comma); {values} has one expression per column: DEFAULT, a bound value cast to the column's type, or the
-- replaced version's value (a subquery on its row key); {geometry} the geometry expression (a bound WKB in the
-- request's CRS, transformed to EPSG:28992, or the replaced version's).
-- Parameters: 1 feature id, then those of {values} and {geometry} in order, then valid from (the edit's instant),
-- source id (the edit's id), fetched at (the edit's instant).
INSERT INTO {table} AS t (feature_id, {columns}geom, valid_from, source, source_id, fetched_at)
VALUES (?, {values}{geometry}, ?, 'api', ?, ?)
RETURNING t.fid,
          t.valid_from
