package nl.tweeling.feature.cql;

/**
 * The type of a queryable as the SQL builder sees it. Each type states what SQL type the property's expression must
 * have.
 */
public enum PropertyType {
    /** {@code text} / {@code varchar}. */
    STRING,
    /** Any numeric SQL type ({@code numeric}, {@code double precision}, …). */
    NUMBER,
    /** An integer SQL type ({@code integer}, {@code bigint}, …). */
    INTEGER,
    /** {@code boolean}. */
    BOOLEAN,
    /** {@code timestamptz}. */
    TIMESTAMP,
    /** {@code date}. */
    DATE,
    /** A PostGIS {@code geometry} in the builder's storage SRID. */
    GEOMETRY,
    /**
     * A PostgreSQL array whose element type follows {@link Property#elementType()}: STRING {@code text[]}, INTEGER
     * {@code bigint[]}, NUMBER {@code numeric[]}, BOOLEAN {@code boolean[]}, TIMESTAMP {@code timestamptz[]}, DATE
     * {@code date[]}. Array operators need identical element types, so cast in the expression if the column differs
     * (e.g. {@code t.codes::bigint[]}).
     */
    ARRAY,
    /** A time interval: a {@code tstzrange} expression or two {@code timestamptz} end expressions. */
    INTERVAL;

    boolean isNumeric() {
        return this == NUMBER || this == INTEGER;
    }

    boolean isInstant() {
        return this == TIMESTAMP || this == DATE;
    }
}
