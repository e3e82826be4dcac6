-- The ground-level grid and the dikes: the base layers the high-water model reads (docs/models/high-water.md).
-- The sample loader fills them like the other base layers (data-samples/zwolle: ground.csv.gz, dikes.csv.gz).
--
--   ground  square cells (the sample: 50 m) as polygons with their ground level in m above NAP; river cells
--           carry the river's name in `water` and its bed level as ground_m. A vector layer rather than a
--           PostGIS raster: it is versioned, edited in scenarios and served as features and tiles like every
--           other layer, and the model needs one number per cell, not raster algebra.
--   dikes   dike sections as lines with their crest level in m above NAP.

CREATE TABLE tweeling.ground (
    fid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id    text        NOT NULL,
    ground_m      real        NOT NULL,          -- ground level (river cells: bed level), m above NAP
    water         text,                          -- the river a cell lies in (IJssel, Zwarte Water), else NULL
    geom          geometry(MultiPolygon, 28992) NOT NULL,
    geom_crs84    geometry(MultiPolygon, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT now(),
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL,
    source_run    uuid REFERENCES tweeling.job (id),
    source_id     text,
    fetched_at    timestamptz,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tweeling.dikes (
    fid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id    text        NOT NULL,
    name          text        NOT NULL,          -- e.g. 'IJsseldijk Zwolle'
    section       text        NOT NULL,          -- section id, e.g. 'IJZ-07'
    kind          text        NOT NULL CHECK (kind IN ('primary', 'regional')),
    crest_m       real        NOT NULL,          -- crest level, m above NAP
    geom          geometry(MultiLineString, 28992) NOT NULL,
    geom_crs84    geometry(MultiLineString, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT now(),
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL,
    source_run    uuid REFERENCES tweeling.job (id),
    source_id     text,
    fetched_at    timestamptz,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);

-- The indexes every layer table has (V001, V005): one current version per feature, history, one spatial index.
CREATE UNIQUE INDEX ground_current_uk ON tweeling.ground (feature_id) WHERE valid_to IS NULL;
CREATE UNIQUE INDEX ground_version_uk ON tweeling.ground (feature_id, valid_from);
CREATE INDEX ground_geom_idx ON tweeling.ground USING gist (geom, geom_crs84);
CREATE UNIQUE INDEX dikes_current_uk ON tweeling.dikes (feature_id) WHERE valid_to IS NULL;
CREATE UNIQUE INDEX dikes_version_uk ON tweeling.dikes (feature_id, valid_from);
CREATE INDEX dikes_geom_idx ON tweeling.dikes USING gist (geom, geom_crs84);

-- Cells are 50 m: at WebMercatorQuad 13 a tile holds some 3,600 of them; from 14 on they are few enough to
-- draw (TileSizeTest keeps every dataset tile under 500 KB).
INSERT INTO tweeling.layer (id, title, description, table_name, geometry_type, source, licence, keywords,
                            attribution, tiles) VALUES
  ('ground', 'Ground level',
   'Ground-level grid: square cells with their ground level in m above NAP (river cells: the river and its bed'
   || ' level). Read by the high-water model.',
   'ground', 'MultiPolygon', 'tweeling-sample', 'CC0-1.0', ARRAY['elevation', 'flood'],
   'Tweeling, generated sample of Zwolle (data-samples/zwolle)',
   '{"minzoom": 14}'),
  ('dikes', 'Dikes',
   'Dike sections with their crest level in m above NAP (primary flood defences and regional dikes).',
   'dikes', 'MultiLineString', 'tweeling-sample', 'CC0-1.0', ARRAY['flood', 'water'],
   'Tweeling, generated sample of Zwolle (data-samples/zwolle)',
   '{}');
