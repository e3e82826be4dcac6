-- Feature ids that occur more than once in an import (an --id-field that is not unique): in feature_stage
-- and, for a new layer ({new_layer} true), in the features insert_new_features.sql wrote to {table}.
-- No parameters.
SELECT feature_id, count(*) AS n
FROM (
    SELECT feature_id
    FROM feature_stage
    UNION ALL
    SELECT feature_id
    FROM {table}
    WHERE {new_layer}
) AS ids
GROUP BY feature_id
HAVING count(*) > 1
ORDER BY n DESC, feature_id
LIMIT 5
