-- Where each page after the first starts: the fid of every size-th current row (keyset boundaries), so
-- the plain-SQL walk reads the same pages as the API's next links.
-- psql variables: table (schema-qualified), size.
SELECT fid
FROM (
    SELECT fid, row_number() OVER (ORDER BY fid) AS n, count(*) OVER () AS total
    FROM :table
    WHERE valid_to IS NULL
) AS s
WHERE n % :size = 0
  AND n < total
ORDER BY fid;
