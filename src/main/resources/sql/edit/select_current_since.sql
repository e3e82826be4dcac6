-- Whether some current version of a layer began at the given instant: after an edit ended a version that began at
-- the edge of the temporal extent, the extent stays as it is when another one did too (usually many do: a load
-- writes its features at one instant). {table} is the layer's table from the registry. Parameters: 1 the instant.
SELECT EXISTS (
    SELECT 1
    FROM {table} AS t
    WHERE t.valid_to IS NULL
      AND t.valid_from = ?
)
