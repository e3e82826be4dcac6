package nl.tweeling.feature.cql;

import java.util.Optional;

/** The binary comparison operators of Basic CQL2, with the PostgreSQL operator each maps to. */
public enum ComparisonOperator {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in CQL2 text, CQL2 JSON and SQL alike. */
    public String symbol() {
        return symbol;
    }

    /** The operator written as {@code symbol}, if any. */
    public static Optional<ComparisonOperator> fromSymbol(String symbol) {
        for (ComparisonOperator op : values()) {
            if (op.symbol.equals(symbol)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
