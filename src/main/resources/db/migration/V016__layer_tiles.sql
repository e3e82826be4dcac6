-- How each layer is cut into vector tiles (OGC API – Tiles, docs/api.md "Tiles"; nl.tweeling.tiles.TileRules):
--   minzoom, maxzoom  the WebMercatorQuad levels the layer has tiles at (default 0 and 20); a level of
--                     NetherlandsRDNewQuad counts as the WebMercatorQuad level of the same ground resolution (+5)
--   simplify          Douglas-Peucker tolerance in pixels of the tile (default 0.5)
--   minSize           lines and polygons smaller than this many pixels on both sides are left out (default 1)
--   properties        [{"minzoom": a, "maxzoom": b, "only": [names]}]: fewer properties at some levels (the first
--                     range holding a level decides; other levels get every property the caller may see)
-- An empty object takes every default. The defaults below keep the sample's tiles under 500 KB at every level
-- (TileSizeTest): dense layers start at a deeper level, and small levels carry only what a map labels or colours.
ALTER TABLE tweeling.layer
    ADD COLUMN tiles jsonb NOT NULL DEFAULT '{}'
        CHECK (jsonb_typeof(tiles) = 'object');

UPDATE tweeling.layer SET tiles = '{"properties": [{"maxzoom": 11, "only": ["code", "name"]}]}'
WHERE id = 'wijken';
UPDATE tweeling.layer SET tiles = '{"properties": [{"maxzoom": 11, "only": ["code", "name"]}]}'
WHERE id = 'buurten';
UPDATE tweeling.layer SET tiles = '{"minzoom": 13, "properties": [{"maxzoom": 14, "only": ["use", "height_m"]}]}'
WHERE id = 'buildings';
UPDATE tweeling.layer SET tiles = '{"minzoom": 15, "properties": [{"maxzoom": 16, "only": ["house_number"]}]}'
WHERE id = 'addresses';
UPDATE tweeling.layer SET tiles = '{"properties": [{"maxzoom": 12, "only": ["road_class", "name"]}]}'
WHERE id = 'roads';
UPDATE tweeling.layer SET tiles = '{"minzoom": 10, "properties": [{"maxzoom": 13, "only": ["kind"]}]}'
WHERE id = 'green';
UPDATE tweeling.layer SET tiles = '{"simplify": 1}'
WHERE id = 'landcover';
UPDATE tweeling.layer SET tiles = '{"minzoom": 10, "properties": [{"maxzoom": 13, "only": ["kind"]}]}'
WHERE id = 'facilities';
UPDATE tweeling.layer SET tiles = '{"properties": [{"maxzoom": 11, "only": ["observed_property"]}]}'
WHERE id = 'sensors';
