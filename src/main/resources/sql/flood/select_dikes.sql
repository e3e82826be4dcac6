-- The dike sections for the high-water model: id, section, crest (m above NAP) and line as WKB (EPSG:28992).
-- {dikes}: the dikes layer's relation as the run's scenario makes it. No parameters.
SELECT d.feature_id,
       d.section,
       d.crest_m,
       ST_AsBinary(d.geom) AS wkb
FROM {dikes} AS d
WHERE d.crest_m IS NOT NULL
ORDER BY d.feature_id
