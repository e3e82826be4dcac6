-- The per-buurt figures a buurt-statistics run wrote into its result layer {result}. No parameters.
SELECT code,
       residents,
       buildings,
       dwellings
FROM {result}
ORDER BY code
