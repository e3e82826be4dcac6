package nl.tweeling.feature.cql;

import java.util.Locale;
import java.util.Optional;

/** The standard CQL2 spatial comparison functions and the PostGIS function each maps to. */
public enum SpatialFunction {
    S_INTERSECTS("ST_Intersects"),
    S_EQUALS("ST_Equals"),
    S_DISJOINT("ST_Disjoint"),
    S_TOUCHES("ST_Touches"),
    S_WITHIN("ST_Within"),
    S_OVERLAPS("ST_Overlaps"),
    S_CROSSES("ST_Crosses"),
    S_CONTAINS("ST_Contains");

    private final String postgis;

    SpatialFunction(String postgis) {
        this.postgis = postgis;
    }

    /** The PostGIS function name. */
    public String postgis() {
        return postgis;
    }

    /** The function named {@code name}, case-insensitively. */
    public static Optional<SpatialFunction> named(String name) {
        return Names.lookup(SpatialFunction.class, name.toUpperCase(Locale.ROOT));
    }
}
