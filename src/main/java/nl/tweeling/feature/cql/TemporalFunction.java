package nl.tweeling.feature.cql;

import java.util.Locale;
import java.util.Optional;

/**
 * The standard CQL2 temporal comparison functions (OWL-Time relations between instants and closed intervals).
 * Five accept instants and intervals alike; the others are defined for intervals only.
 */
public enum TemporalFunction {
    T_AFTER(false), T_BEFORE(false), T_DISJOINT(false), T_EQUALS(false), T_INTERSECTS(false),
    T_CONTAINS(true), T_DURING(true), T_FINISHEDBY(true), T_FINISHES(true), T_MEETS(true), T_METBY(true),
    T_OVERLAPPEDBY(true), T_OVERLAPS(true), T_STARTEDBY(true), T_STARTS(true);

    private final boolean intervalsOnly;

    TemporalFunction(boolean intervalsOnly) {
        this.intervalsOnly = intervalsOnly;
    }

    /** Whether both arguments must be intervals (CQL2 makes instants a client error for these). */
    public boolean intervalsOnly() {
        return intervalsOnly;
    }

    /** The function named {@code name}, case-insensitively. */
    public static Optional<TemporalFunction> named(String name) {
        return Names.lookup(TemporalFunction.class, name.toUpperCase(Locale.ROOT));
    }
}
