-- Registers (or re-activates with a new hash) the admin key provided by the deployment.
-- Parameters: 1 hex SHA-256 of the key.
INSERT INTO tweeling.api_key AS k (name, key_hash, roles)
VALUES ('admin-bootstrap', ?, ARRAY['admin'])
ON CONFLICT (name) DO UPDATE
SET key_hash   = EXCLUDED.key_hash,
    roles      = EXCLUDED.roles,
    revoked_at = NULL
WHERE k.key_hash IS DISTINCT FROM EXCLUDED.key_hash
   OR k.revoked_at IS NOT NULL
