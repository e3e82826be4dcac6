-- The indexes a scenario's reads use: the anti join of baseline rows (scenario, feature, revision), the
-- scenario's rows in page order (fid) and the spatial index of bbox filters and tiles.
-- {shadow} is the quoted shadow table; {name} its unquoted name (index names are derived from it).
CREATE INDEX {name_feature} ON {shadow} (scn_id, feature_id, scn_rev_from) INCLUDE (scn_rev_to, scn_op);
CREATE INDEX {name_fid} ON {shadow} (scn_id, fid);
CREATE INDEX {name_geom} ON {shadow} USING gist (geom, geom_crs84)
