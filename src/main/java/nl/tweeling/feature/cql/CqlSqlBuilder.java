package nl.tweeling.feature.cql;

import java.util.Objects;

/**
 * Translates a filter AST into a PostgreSQL/PostGIS WHERE-clause expression with every value bound as a parameter
 * (see {@link SqlFilter} for the parameter types).
 *
 * <p>Mapping:
 * <ul>
 * <li>Properties become the resolver's SQL expression (parenthesised unless a plain, possibly qualified
 * identifier); unknown names fail with {@link CqlException.Kind#UNKNOWN_PROPERTY}.</li>
 * <li>Comparisons, LIKE, BETWEEN, IN and IS NULL map to the SQL operators; types are checked (numbers with numbers,
 * strings with strings, booleans with booleans, dates and timestamps with each other; LIKE needs strings,
 * BETWEEN numbers). A date meeting a timestamp is taken as the start of that day in UTC.</li>
 * <li>CASEI becomes {@code lower(…)}; ACCENTI becomes {@code unaccent(…)} only when enabled with
 * {@link #withUnaccent(boolean)} (it needs {@code CREATE EXTENSION unaccent}); otherwise it is rejected.</li>
 * <li>Spatial functions map to ST_Intersects, ST_Equals, ST_Disjoint, ST_Touches, ST_Within, ST_Overlaps,
 * ST_Crosses and ST_Contains. Geometry properties are used as stored (so their GiST index serves); literals are
 * built as {@code ST_Transform(ST_GeomFromText(?, filterSrid), storageSrid)} (with {@code ST_FlipCoordinates} first
 * for EPSG:4326, and without ST_Transform when the SRIDs match); BBOX becomes
 * {@code ST_MakeEnvelope(?, ?, ?, ?, filterSrid)} treated likewise. Lines, polygons and BBOX in a projected filter
 * CRS other than the storage CRS (EPSG:3857) are densified with {@code ST_Segmentize(…, ?)} in the filter CRS
 * before ST_Transform, 256 segments along their longest extent, so their edges follow the true curve.</li>
 * <li>Temporal functions compare interval ends per CQL2/OWL-Time (instants are intervals whose ends coincide;
 * intervals are closed; {@code '..'} and NULL property ends are unbounded) with plain {@code < = >} on the ends,
 * so B-tree indexes on end columns can serve.</li>
 * <li>Array functions map to {@code =}, {@code @>}, {@code <@} and {@code &&}; array literals are one
 * {@link SqlArray} parameter cast to the element type.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe if the resolver is; the {@code with…} methods return copies.
 */
public final class CqlSqlBuilder {

    /** The SRID of stored geometries by default: EPSG:28992 (Amersfoort / RD New). */
    public static final int DEFAULT_STORAGE_SRID = 28992;

    private final PropertyResolver resolver;
    private final FilterCrs filterCrs;
    private final int storageSrid;
    private final boolean unaccent;

    private CqlSqlBuilder(PropertyResolver resolver, FilterCrs filterCrs, int storageSrid, boolean unaccent) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.filterCrs = Objects.requireNonNull(filterCrs, "filterCrs");
        if (storageSrid <= 0) {
            throw new IllegalArgumentException("storageSrid must be positive");
        }
        this.storageSrid = storageSrid;
        this.unaccent = unaccent;
    }

    /** A builder with filter CRS {@link FilterCrs#CRS84}, storage SRID 28992 and ACCENTI disabled. */
    public static CqlSqlBuilder of(PropertyResolver resolver) {
        return new CqlSqlBuilder(resolver, FilterCrs.CRS84, DEFAULT_STORAGE_SRID, false);
    }

    /** A copy reading geometry literals in {@code crs} (the request's {@code filter-crs}). */
    public CqlSqlBuilder withFilterCrs(FilterCrs crs) {
        return new CqlSqlBuilder(resolver, crs, storageSrid, unaccent);
    }

    /** A copy for geometry properties stored in {@code srid}. */
    public CqlSqlBuilder withStorageSrid(int srid) {
        return new CqlSqlBuilder(resolver, filterCrs, srid, unaccent);
    }

    /**
     * A copy with ACCENTI mapped to PostgreSQL's {@code unaccent()} (true) or rejected as unsupported (false). Only
     * enable it when the database has the extension: {@code CREATE EXTENSION IF NOT EXISTS unaccent}.
     */
    public CqlSqlBuilder withUnaccent(boolean enabled) {
        return new CqlSqlBuilder(resolver, filterCrs, storageSrid, enabled);
    }

    public FilterCrs filterCrs() {
        return filterCrs;
    }

    public int storageSrid() {
        return storageSrid;
    }

    /**
     * Translates a filter.
     *
     * @throws CqlException for unknown properties, type mismatches and unsupported constructs; never for valid
     *                      input that the documentation above covers
     */
    public SqlFilter build(Predicate filter) {
        Objects.requireNonNull(filter, "filter");
        Fragment f = new SqlEmitter(resolver, filterCrs, storageSrid, unaccent).predicate(filter);
        return new SqlFilter(f.sql(), f.params());
    }
}
