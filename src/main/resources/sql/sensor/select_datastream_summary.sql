-- One datastream named by its id or its key, as an aggregate names it (id, key, name and unit, as JSON), with
-- the instant from which its raw observations are complete (its observed property's retention; NULL: all kept).
-- An id wins over a key that happens to spell the same number.
-- Parameters: 1 id (NULL when the name is not a number), 2 key, 3 the id again.
SELECT d.id,
       json_build_object(
           'id', d.id,
           'key', d.key,
           'name', d.name,
           'unitOfMeasurement', json_build_object('name', p.unit_name, 'symbol', p.unit_symbol)
       )::text,
       p.raw_kept_since
FROM tweeling.datastream AS d
JOIN tweeling.observed_property AS p ON p.id = d.observed_property
WHERE d.id = ? OR d.key = ?
ORDER BY d.id = ? DESC NULLS LAST
LIMIT 1
