-- The database's clock now (not the transaction's start): an edit's instant, taken after its locks.
-- No parameters.
SELECT clock_timestamp()
