-- Feature ids that occur more than once in a first load's table (FirstLoad: an --id-field that is not
-- unique, found when its unique index cannot be built), as duplicate_ids.sql lists them.
-- {table} is the load table, quoted. No parameters.
SELECT feature_id, count(*) AS n
FROM {table}
GROUP BY feature_id
HAVING count(*) > 1
ORDER BY n DESC, feature_id
LIMIT 5
