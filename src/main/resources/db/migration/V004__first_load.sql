-- The one-pass first load of a new layer (imports/FirstLoad, docs/import.md "First load"): the table is
-- written by COPY and computes each feature's id as it is written, in a generated column whose expression
-- must be immutable. Casting a value to text is immutable for text, numbers and booleans, but only stable for
-- dates, times and arrays (their output follows DateStyle and TimeZone); an id field of such a type is cast
-- through this wrapper, which declares it immutable. The app's sessions keep one DateStyle (ISO) and TimeZone,
-- the same ones every other cast of ids and hashes runs with, and the generated expression is dropped (the id
-- kept as a plain value) before the layer is registered.
CREATE FUNCTION tweeling.hash_text(anyelement) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT $1::text';
