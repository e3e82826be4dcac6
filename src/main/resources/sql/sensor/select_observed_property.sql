-- One observed property and the instant from which its raw observations are complete (NULL: all kept).
-- Parameters: 1 observed property id.
SELECT p.id,
       p.raw_kept_since
FROM tweeling.observed_property AS p
WHERE p.id = ?
