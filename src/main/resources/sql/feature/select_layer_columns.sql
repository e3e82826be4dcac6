-- The columns of every registered layer's table, in table order.
-- Parameters: none.
SELECT l.id AS layer_id,
       c.column_name,
       c.udt_name AS data_type
FROM tweeling.layer AS l
JOIN information_schema.columns AS c
  ON c.table_schema = l.table_schema
 AND c.table_name = l.table_name
ORDER BY l.id, c.ordinal_position
