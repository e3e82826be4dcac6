-- Registers a result layer, readable by planners (and admins) like the job that made it.
-- Parameters: 1 id, 2 title, 3 description, 4 table name (schema tweeling_result), 5 geometry type, 6 source.
INSERT INTO tweeling.layer (id, title, description, table_schema, table_name, geometry_type, source, licence,
                            access, keywords)
VALUES (?, ?, ?, 'tweeling_result', ?, ?, ?, 'CC-BY-4.0', 'planner', ARRAY['process result'])
