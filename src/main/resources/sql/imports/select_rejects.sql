-- The features an import rejected, with the reason, in source order.
-- Parameters: 1 the most to list.
SELECT source_fid, feature_id, reject
FROM feature_reject
ORDER BY source_fid::bigint
LIMIT ?
