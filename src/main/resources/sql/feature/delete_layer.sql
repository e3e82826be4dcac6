-- Removes a layer from the registry (its field names go with it: ON DELETE CASCADE); the caller drops the
-- table in the same transaction. Parameters: layer id. Returns the table it named.
DELETE FROM tweeling.layer
WHERE id = ?
RETURNING table_schema, table_name
