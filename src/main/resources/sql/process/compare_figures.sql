-- Per-buurt figures of two runs side by side, with the buurt's current geometry (GET /jobs/{a}/compare/{b}).
-- A figure a run did not write for a buurt counts as 0; buurten without a figure in either run are left out.
-- Parameters: 1 job a, 2 job b.
-- pairs: every (buurt, figure) either run wrote, with both values
WITH pairs AS (
    SELECT coalesce(a.buurt_code, b.buurt_code) AS buurt_code,
           coalesce(a.figure, b.figure) AS figure,
           coalesce(a.value, 0) AS value_a,
           coalesce(b.value, 0) AS value_b
    FROM (SELECT * FROM tweeling.process_figure WHERE job_id = ?) AS a
    FULL JOIN (SELECT * FROM tweeling.process_figure WHERE job_id = ?) AS b
      ON a.buurt_code = b.buurt_code
     AND a.figure = b.figure
)
SELECT p.buurt_code,
       bu.name,
       ST_AsGeoJSON(bu.geom_crs84, 6) AS geometry,
       p.figure,
       p.value_a,
       p.value_b
FROM pairs AS p
LEFT JOIN tweeling.buurten AS bu
  ON bu.code = p.buurt_code
 AND bu.valid_to IS NULL
ORDER BY p.buurt_code, p.figure
