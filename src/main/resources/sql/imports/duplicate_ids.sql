-- Feature ids that occur more than once in an import (an --id-field that is not unique).
-- No parameters.
SELECT feature_id, count(*) AS n
FROM feature_stage
GROUP BY feature_id
HAVING count(*) > 1
ORDER BY n DESC, feature_id
LIMIT 5
