-- The active (not revoked) API key with this hash.
-- Parameters: 1 hex SHA-256 of the presented key.
SELECT name,
       roles
FROM tweeling.api_key
WHERE key_hash = ?
  AND revoked_at IS NULL
