-- One page of features of a layer as GeoJSON Feature objects, in sort order (keyset paging).
-- {feature}, {table}, {where} and {order_by} are built from the layer registry and the validated query:
-- identifiers come from the registry only, every value in {where} is a bound parameter.
-- {sort_values} selects the sort keys as text, to build the next page's cursor.
-- {table} is the layer's table or an overlay's subquery (FeatureView, Relation).
-- Parameters: the values of {table} in order, then those of {where}, then the page size + 1 (to tell whether more follow).
SELECT t.fid{sort_values},
       {feature}::text
FROM {table} AS t
WHERE {where}
ORDER BY {order_by}
LIMIT ?
