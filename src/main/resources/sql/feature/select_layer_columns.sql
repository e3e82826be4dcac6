-- The columns of every registered layer's table, in table order, with the source field name an import
-- recorded for the column (else the column name) and the property name the API serves (else the column name).
-- Parameters: none.
SELECT l.id AS layer_id,
       c.column_name,
       c.udt_name AS data_type,
       coalesce(f.original_name, c.column_name) AS original_name,
       coalesce(f.property_name, c.column_name) AS property_name
FROM tweeling.layer AS l
JOIN information_schema.columns AS c
  ON c.table_schema = l.table_schema
 AND c.table_name = l.table_name
LEFT JOIN tweeling.layer_field AS f
  ON f.layer_id = l.id
 AND f.column_name = c.column_name
ORDER BY l.id, c.ordinal_position
