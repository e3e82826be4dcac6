package nl.tweeling.feature.cql;

import java.util.Locale;
import java.util.Optional;

/** The standard CQL2 array comparison functions and the PostgreSQL array operator each maps to. */
public enum ArrayFunction {
    /** Same elements in the same order. */
    A_EQUALS("="),
    /** The first array holds every element of the second. */
    A_CONTAINS("@>"),
    /** Every element of the first array is in the second. */
    A_CONTAINEDBY("<@"),
    /** The arrays share at least one element. */
    A_OVERLAPS("&&");

    private final String operator;

    ArrayFunction(String operator) {
        this.operator = operator;
    }

    /** The PostgreSQL array operator. */
    public String operator() {
        return operator;
    }

    /** The function named {@code name}, case-insensitively. */
    public static Optional<ArrayFunction> named(String name) {
        return Names.lookup(ArrayFunction.class, name.toUpperCase(Locale.ROOT));
    }
}
