-- The buurten the high-water model counts per: code, name and outline as WKB (EPSG:28992).
-- {buurten}: the buurten layer's relation. No parameters.
SELECT b.code,
       b.name,
       ST_AsBinary(b.geom) AS wkb
FROM {buurten} AS b
ORDER BY b.code
