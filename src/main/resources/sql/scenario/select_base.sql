-- The features of a layer a scenario did not edit, as the scenario sees them: the baseline's current rows, or
-- those valid at its pinned base instant. {base_columns}, {table} and {base} as in LayerRelations.
-- Parameters: the values of {base}.
(
SELECT {base_columns}
FROM {table} AS b
WHERE {base}
)
