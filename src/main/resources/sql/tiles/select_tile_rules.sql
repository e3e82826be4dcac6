-- How each layer is cut into vector tiles (tweeling.layer.tiles, V016), by layer id.
-- Parameters: none.
SELECT id,
       tiles::text AS tiles
FROM tweeling.layer
ORDER BY id
