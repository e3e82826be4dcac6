package nl.tweeling.feature.cql;

import java.util.List;
import java.util.Objects;

/**
 * A boolean-valued CQL2 expression; a parsed filter is one {@code Predicate}. Produced by {@link Cql2Text} and
 * {@link Cql2Json} (identically for equivalent filters) and translated to SQL by {@link CqlSqlBuilder}.
 * {@code AND} and {@code OR} are n-ary, so long chains do not deepen the tree.
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface Predicate {

    /** All of at least two predicates. */
    record And(List<Predicate> args) implements Predicate {
        public And {
            args = atLeastTwo(args, "AND");
        }
    }

    /** Any of at least two predicates. */
    record Or(List<Predicate> args) implements Predicate {
        public Or {
            args = atLeastTwo(args, "OR");
        }
    }

    record Not(Predicate arg) implements Predicate {
        public Not {
            Objects.requireNonNull(arg);
        }
    }

    /** {@code left op right} for =, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=. */
    record Comparison(ComparisonOperator op, Operand left, Operand right) implements Predicate {
        public Comparison {
            Objects.requireNonNull(op);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /**
     * {@code value [NOT] LIKE pattern}; {@code %} matches any run of characters, {@code _} one character and
     * backslash escapes either. The pattern is a string literal, optionally wrapped in CASEI/ACCENTI.
     */
    record Like(Operand value, Operand pattern, boolean negated) implements Predicate {
        public Like {
            Objects.requireNonNull(value);
            Objects.requireNonNull(pattern);
        }
    }

    /** {@code value [NOT] BETWEEN low AND high}, bounds included. */
    record Between(Operand value, Operand low, Operand high, boolean negated) implements Predicate {
        public Between {
            Objects.requireNonNull(value);
            Objects.requireNonNull(low);
            Objects.requireNonNull(high);
        }
    }

    /** {@code value [NOT] IN (list…)} with a non-empty list. */
    record In(Operand value, List<Operand> list, boolean negated) implements Predicate {
        public In {
            Objects.requireNonNull(value);
            list = List.copyOf(list);
            if (list.isEmpty()) {
                throw new IllegalArgumentException("the IN list must not be empty");
            }
        }
    }

    /** {@code value IS [NOT] NULL}. */
    record IsNull(Operand value, boolean negated) implements Predicate {
        public IsNull {
            Objects.requireNonNull(value);
        }
    }

    /** {@code S_…(left, right)}. */
    record Spatial(SpatialFunction function, Operand left, Operand right) implements Predicate {
        public Spatial {
            Objects.requireNonNull(function);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /** {@code T_…(left, right)}. */
    record Temporal(TemporalFunction function, Operand left, Operand right) implements Predicate {
        public Temporal {
            Objects.requireNonNull(function);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /** {@code A_…(left, right)}. */
    record ArrayComparison(ArrayFunction function, Operand left, Operand right) implements Predicate {
        public ArrayComparison {
            Objects.requireNonNull(function);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /** A value used as a condition on its own: {@code TRUE}, {@code FALSE} or a boolean property. */
    record BooleanValue(Operand value) implements Predicate {
        public BooleanValue {
            Objects.requireNonNull(value);
        }
    }

    private static List<Predicate> atLeastTwo(List<Predicate> args, String op) {
        List<Predicate> copy = List.copyOf(args);
        if (copy.size() < 2) {
            throw new IllegalArgumentException(op + " needs at least two operands");
        }
        return copy;
    }
}
