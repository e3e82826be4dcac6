-- Imports (docs/import.md): files and URLs loaded through GDAL's ogr2ogr into a staging table, then
-- versioned into a layer in one transaction.
--
--   * tweeling_stage holds one table per import run, written by ogr2ogr with the source's own field
--     names; the run drops it when it ends (success or failure);
--   * tweeling_layer holds the tables of layers that imports create, named exactly as the layer id,
--     so an import can never collide with the platform's own tables in schema tweeling;
--   * tweeling.layer_field records, per layer, the field name of the source behind each safe column
--     name (e.g. OFFICIËLE -> officiele); the API shows it as the property's title.

CREATE SCHEMA IF NOT EXISTS tweeling_stage;
CREATE SCHEMA IF NOT EXISTS tweeling_layer;

CREATE TABLE tweeling.layer_field (
    layer_id       text NOT NULL REFERENCES tweeling.layer (id) ON DELETE CASCADE,
    column_name    text NOT NULL,
    original_name  text NOT NULL,
    PRIMARY KEY (layer_id, column_name)
);
