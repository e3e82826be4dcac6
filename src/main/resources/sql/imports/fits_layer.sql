-- A condition, not a statement: true when the geometry {g} can go into the layer as it is, i.e. it is
-- present, of a type in {fast_types}, not empty and valid (so none of the repair functions of
-- stage_features.sql need to run). A point is valid exactly when both its coordinates are finite (what
-- ST_IsValid checks for a point, through GEOS, at a far higher cost per row); every other type is
-- checked with ST_IsValid. NULL when {g} is NULL. Used by stage_features.sql and insert_new_features.sql.
{g} IS NOT NULL
AND GeometryType({g}) IN ({fast_types})
AND NOT ST_IsEmpty({g})
AND CASE WHEN GeometryType({g}) = 'POINT'
         THEN abs(ST_X({g})) < 'Infinity'::float8 AND abs(ST_Y({g})) < 'Infinity'::float8
         ELSE ST_IsValid({g})
    END
