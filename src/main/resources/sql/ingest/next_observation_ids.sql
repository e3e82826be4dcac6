-- Fresh observation ids for a batch written by COPY (the direct path), so the repository knows the id of
-- each row it wrote without reading the rows back. The sequence caches 1000 values per session.
-- Parameters: 1 how many ids (int).
SELECT nextval('tweeling.observation_id_seq')
FROM generate_series(1, ?)
