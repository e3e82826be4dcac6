-- A source field whose name, made safe, is longer than PostgreSQL's 63-byte identifiers keeps its whole safe
-- name as the property name the API serves (the column holds a shortened name). NULL: the column name.
ALTER TABLE tweeling.layer_field ADD COLUMN property_name text;
