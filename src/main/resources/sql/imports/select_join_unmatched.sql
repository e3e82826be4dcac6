-- The keys of staged rows that the join found no feature for (at most 100), for the report.
-- {stage} the staging table, {field} the source's key field, quoted.
SELECT s.{field}::text
FROM {stage} AS s
WHERE s."_geom" IS NULL
ORDER BY 1
LIMIT 100
