-- One branch's page of a relation made of branches (a scenario's overlay: nl.tweeling.feature.Relation):
-- as select_items.sql, with the sort keys also as they are (k0, k1, …) for the merge of the branches' pages.
-- {table} is the branch (a subquery), {sort_keys} ", t.<key> AS k<i>, <key as text> AS v<i>" per sort key;
-- {feature}, {where} and {order_by} as in select_items.sql.
-- Parameters: the values of {table}, then those of {where}, then the page size + 1.
SELECT t.fid{sort_keys},
       {feature}::text AS feature
FROM {table} AS t
WHERE {where}
ORDER BY {order_by}
LIMIT ?
