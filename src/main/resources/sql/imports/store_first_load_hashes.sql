-- Before an import adds columns to a layer: stores the content hash of the current rows a first load wrote
-- (FirstLoad stores none; a re-import computes theirs from their columns, ImportRepository.currentHash),
-- while the layer's attribute columns are still those the rows were written with. {table} is the layer's
-- table, quoted; {hash} that hash over the row t. No parameters.
UPDATE {table} AS t
SET content_hash = {hash}
WHERE t.valid_to IS NULL
  AND t.content_hash IS NULL
