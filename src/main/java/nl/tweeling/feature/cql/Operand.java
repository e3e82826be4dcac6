package nl.tweeling.feature.cql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A value in a CQL2 filter: a property reference, a literal, or a CASEI/ACCENTI wrapper. Parsers produce the same
 * operands for CQL2 text and CQL2 JSON. Constructors reject structurally invalid values with
 * {@link IllegalArgumentException} (message safe to show); type rules that need property types are checked by
 * {@link CqlSqlBuilder}.
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface Operand {

    /** A reference to a queryable by its public name; never SQL. */
    record PropertyRef(String name) implements Operand {
        public PropertyRef {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a property name must not be empty");
            }
        }
    }

    record StringLiteral(String value) implements Operand {
        public StringLiteral {
            Objects.requireNonNull(value);
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("strings must not contain the NUL character");
            }
        }
    }

    /** A number, kept exact as written (scale included: {@code 1.0} and {@code 1} differ). */
    record NumberLiteral(BigDecimal value) implements Operand {
        /**
         * Numbers that no double holds are rejected: beyond ±1.8e308, or so small that they would become 0
         * (PostgreSQL fails a comparison of such a number with a {@code float8} column instead of matching
         * nothing). Nor may the decimal exponent lie beyond ±1000.
         */
        public NumberLiteral {
            Objects.requireNonNull(value);
            if (value.scale() > 1000 || value.precision() - value.scale() > 1000) {
                throw new IllegalArgumentException("the number is out of range");
            }
            double d = value.doubleValue();
            if (!Double.isFinite(d) || (d == 0 && value.signum() != 0)) {
                throw new IllegalArgumentException("the number is out of range (beyond a double: about ±1.8e308, "
                        + "nearest to 0: ±4.9e-324)");
            }
        }
    }

    record BooleanLiteral(boolean value) implements Operand {
    }

    /** {@code TIMESTAMP('…')}: an instant, normalised to UTC. */
    record TimestampLiteral(Instant value) implements Operand {
        public TimestampLiteral {
            Objects.requireNonNull(value);
        }
    }

    /** {@code DATE('…')}: a calendar day. */
    record DateLiteral(LocalDate value) implements Operand {
        public DateLiteral {
            Objects.requireNonNull(value);
        }
    }

    /** The open end {@code '..'} of an interval; valid only inside {@link IntervalLiteral}. */
    record Unbounded() implements Operand {
    }

    /**
     * {@code INTERVAL(start, end)}, closed at both ends. Each end is a {@link TimestampLiteral}, {@link DateLiteral},
     * {@link Unbounded} or {@link PropertyRef}. Two literal ends must have the same granularity and be in order.
     */
    record IntervalLiteral(Operand start, Operand end) implements Operand {
        public IntervalLiteral {
            checkEnd(start);
            checkEnd(end);
            if (start instanceof TimestampLiteral s && end instanceof TimestampLiteral e
                    && s.value().isAfter(e.value())
                    || start instanceof DateLiteral s2 && end instanceof DateLiteral e2
                    && s2.value().isAfter(e2.value())) {
                throw new IllegalArgumentException("the start of an INTERVAL must not be after its end");
            }
            if (start instanceof TimestampLiteral && end instanceof DateLiteral
                    || start instanceof DateLiteral && end instanceof TimestampLiteral) {
                throw new IllegalArgumentException("both ends of an INTERVAL must be dates or both timestamps");
            }
        }

        private static void checkEnd(Operand o) {
            if (!(o instanceof TimestampLiteral || o instanceof DateLiteral || o instanceof Unbounded
                    || o instanceof PropertyRef)) {
                throw new IllegalArgumentException(
                        "an INTERVAL end must be a date, a timestamp, '..' or a property");
            }
        }
    }

    record GeometryLiteral(Geometry geometry) implements Operand {
        public GeometryLiteral {
            Objects.requireNonNull(geometry);
        }
    }

    /**
     * {@code BBOX(minx, miny, maxx, maxy)} in the filter CRS's axis order; the heights of the six-number form are
     * dropped by the parsers. Boxes crossing the antimeridian (minx &gt; maxx) are rejected.
     */
    record BboxLiteral(double minX, double minY, double maxX, double maxY) implements Operand {
        public BboxLiteral {
            if (!Double.isFinite(minX) || !Double.isFinite(minY) || !Double.isFinite(maxX)
                    || !Double.isFinite(maxY)) {
                throw new IllegalArgumentException("BBOX coordinates must be finite numbers");
            }
            if (minY > maxY) {
                throw new IllegalArgumentException("the second BBOX value must not exceed the fourth");
            }
            if (minX > maxX) {
                throw new IllegalArgumentException("the first BBOX value must not exceed the third"
                        + " (boxes across the antimeridian are not supported)");
            }
        }
    }

    /** {@code (a, b, …)} in CQL2 text, a JSON array in CQL2 JSON; may be empty. */
    record ArrayLiteral(List<Operand> elements) implements Operand {
        public ArrayLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** {@code CASEI(value)}: the value with case differences removed. */
    record CaseInsensitive(Operand value) implements Operand {
        public CaseInsensitive {
            Objects.requireNonNull(value);
        }
    }

    /** {@code ACCENTI(value)}: the value with accents (diacritics) removed. */
    record AccentInsensitive(Operand value) implements Operand {
        public AccentInsensitive {
            Objects.requireNonNull(value);
        }
    }
}
