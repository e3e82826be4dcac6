-- Refreshes the planner statistics of a layer's table after a bulk load. Without them (a table just
-- filled, before autovacuum's next round, about a minute later) the planner takes the current rows for
-- a few hundred and pages by a bitmap AND of two indexes plus a sort of every later row: three times
-- slower item pages. Runs inside the load's transaction (it counts the rows that transaction wrote).
-- {table} is the layer's table, quoted, taken from the registry (never from a request).
ANALYZE {table}
