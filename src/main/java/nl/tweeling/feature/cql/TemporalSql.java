package nl.tweeling.feature.cql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import nl.tweeling.feature.cql.Operand.DateLiteral;
import nl.tweeling.feature.cql.Operand.IntervalLiteral;
import nl.tweeling.feature.cql.Operand.PropertyRef;
import nl.tweeling.feature.cql.Operand.TimestampLiteral;
import nl.tweeling.feature.cql.Operand.Unbounded;

/**
 * Temporal functions as comparisons of interval ends (CQL2 tables 4 and 5, OWL-Time). Each operand becomes a start
 * and an end; an instant's start and end coincide. Ends are open ({@code '..'}), literals (bound parameters) or SQL
 * expressions; for interval properties and property ends of INTERVAL(…), NULL means open. Comparisons involving open
 * ends are decided here where possible, so the SQL is definite (never NULL) for interval ends and uses plain
 * {@code < <= = >= >} on the columns. When any end is a timestamp, dates become the start of their day in UTC.
 * Not thread-safe; one instance per call.
 */
final class TemporalSql {

    /** One end before rendering. */
    private sealed interface End permits Open, Literal, Column {
    }

    private record Open() implements End {
    }

    /** A literal end: an Instant or a LocalDate. */
    private record Literal(Object value) implements End {
    }

    /** A SQL end: {@code granularity} is TIMESTAMP or DATE; {@code nullIsOpen} for interval ends. */
    private record Column(String sql, PropertyType granularity, boolean nullIsOpen) implements End {
    }

    private record Term(End start, End end, boolean instant) {
    }

    /**
     * A rendered end. {@code value} is null for an open end; {@code side} is -1 for a start and +1 for an end, the
     * infinity an open end (or a NULL when {@code nullable}) stands for.
     */
    private record Bound(Fragment value, boolean nullable, int side) {
    }

    /** A possible runtime state of a bound: under {@code condition} (null = always), finite or at infinity. */
    private record State(Fragment condition, boolean finite) {
    }

    private final SqlEmitter emitter;
    private boolean asTimestamps;

    TemporalSql(SqlEmitter emitter) {
        this.emitter = emitter;
    }

    Fragment predicate(Predicate.Temporal t) {
        TemporalFunction fn = t.function();
        Term a = term(t.left(), fn, "first");
        Term b = term(t.right(), fn, "second");
        asTimestamps = hasTimestamp(a) || hasTimestamp(b);
        Bound as = bound(a.start(), -1);
        Bound ae = a.instant() ? bound(a.start(), +1) : bound(a.end(), +1);
        Bound bs = bound(b.start(), -1);
        Bound be = b.instant() ? bound(b.start(), +1) : bound(b.end(), +1);
        if (a.instant() && b.instant()) {
            return switch (fn) {
                case T_AFTER -> compare(as, ">", bs);
                case T_BEFORE -> compare(as, "<", bs);
                case T_DISJOINT -> compare(as, "<>", bs);
                default -> compare(as, "=", bs);
            };
        }
        return switch (fn) {
            case T_AFTER -> compare(as, ">", be);
            case T_BEFORE -> compare(ae, "<", bs);
            case T_DISJOINT -> Fragment.or(List.of(compare(ae, "<", bs), compare(as, ">", be)));
            case T_EQUALS -> Fragment.and(List.of(compare(as, "=", bs), compare(ae, "=", be)));
            case T_INTERSECTS -> Fragment.and(List.of(compare(as, "<=", be), compare(ae, ">=", bs)));
            case T_CONTAINS -> Fragment.and(List.of(compare(as, "<", bs), compare(ae, ">", be)));
            case T_DURING -> Fragment.and(List.of(compare(as, ">", bs), compare(ae, "<", be)));
            case T_FINISHEDBY -> Fragment.and(List.of(compare(as, "<", bs), compare(ae, "=", be)));
            case T_FINISHES -> Fragment.and(List.of(compare(as, ">", bs), compare(ae, "=", be)));
            case T_MEETS -> compare(ae, "=", bs);
            case T_METBY -> compare(as, "=", be);
            case T_OVERLAPPEDBY -> Fragment.and(List.of(compare(as, ">", bs), compare(as, "<", be),
                    compare(ae, ">", be)));
            case T_OVERLAPS -> Fragment.and(List.of(compare(as, "<", bs), compare(ae, ">", bs),
                    compare(ae, "<", be)));
            case T_STARTEDBY -> Fragment.and(List.of(compare(as, "=", bs), compare(ae, ">", be)));
            case T_STARTS -> Fragment.and(List.of(compare(as, "=", bs), compare(ae, "<", be)));
        };
    }

    // ---- operands

    private Term term(Operand o, TemporalFunction fn, String which) {
        Term term = rawTerm(o, fn, which);
        if (term.instant() && fn.intervalsOnly()) {
            throw SqlEmitter.typeError(fn.name() + " applies to intervals only, but its " + which
                    + " argument is an instant (" + emitter.describe(o) + ")");
        }
        return term;
    }

    private Term rawTerm(Operand o, TemporalFunction fn, String which) {
        if (o instanceof TimestampLiteral t) {
            return new Term(new Literal(t.value()), null, true);
        }
        if (o instanceof DateLiteral d) {
            return new Term(new Literal(d.value()), null, true);
        }
        if (o instanceof IntervalLiteral i) {
            return new Term(intervalEnd(i.start(), fn), intervalEnd(i.end(), fn), false);
        }
        if (o instanceof PropertyRef ref) {
            Property p = emitter.resolve(ref);
            if (p.type().isInstant()) {
                return new Term(new Column(SqlEmitter.expression(p.sqlExpression()), p.type(), false), null, true);
            }
            if (p.type() == PropertyType.INTERVAL) {
                return new Term(new Column(SqlEmitter.expression(p.startExpression()), PropertyType.TIMESTAMP, true),
                        new Column(SqlEmitter.expression(p.endExpression()), PropertyType.TIMESTAMP, true), false);
            }
        }
        throw SqlEmitter.typeError(fn.name() + " needs instants or intervals, but its " + which + " argument is "
                + emitter.describe(o));
    }

    private End intervalEnd(Operand o, TemporalFunction fn) {
        if (o instanceof Unbounded) {
            return new Open();
        }
        if (o instanceof TimestampLiteral t) {
            return new Literal(t.value());
        }
        if (o instanceof DateLiteral d) {
            return new Literal(d.value());
        }
        PropertyRef ref = (PropertyRef) o;
        Property p = emitter.resolve(ref);
        if (!p.type().isInstant()) {
            throw SqlEmitter.typeError("the ends of an INTERVAL in " + fn.name()
                    + " must be dates or timestamps, but got " + emitter.describe(o));
        }
        return new Column(SqlEmitter.expression(p.sqlExpression()), p.type(), true);
    }

    private static boolean hasTimestamp(Term t) {
        return isTimestamp(t.start()) || t.end() != null && isTimestamp(t.end());
    }

    private static boolean isTimestamp(End e) {
        return e instanceof Literal l && l.value() instanceof Instant
                || e instanceof Column c && c.granularity() == PropertyType.TIMESTAMP;
    }

    private Bound bound(End e, int side) {
        if (e instanceof Open) {
            return new Bound(null, false, side);
        }
        if (e instanceof Literal l) {
            Object v = l.value();
            Object param = v instanceof Instant i ? OffsetDateTime.ofInstant(i, ZoneOffset.UTC)
                    : asTimestamps ? SqlEmitter.startOfDay((LocalDate) v) : v;
            return new Bound(Fragment.param(param), false, side);
        }
        Column c = (Column) e;
        boolean cast = c.granularity() == PropertyType.DATE && asTimestamps;
        String sql = cast ? SqlEmitter.dateAsTimestamp(c.sql()) : c.sql();
        return new Bound(Fragment.of(sql), c.nullIsOpen(), side);
    }

    // ---- end comparison

    /**
     * {@code a op b} where open ends and NULL interval ends are infinities: enumerates the finite/infinite states of
     * both sides, keeps the combinations that hold, and leaves out NOT NULL guards that the infinite case makes
     * redundant.
     */
    private Fragment compare(Bound a, String op, Bound b) {
        List<State> sa = states(a);
        List<State> sb = states(b);
        boolean guardA = a.nullable() && !infiniteAlwaysHolds(a, op, b, true);
        boolean guardB = b.nullable() && !infiniteAlwaysHolds(b, op, a, false);
        List<Fragment> disjuncts = new ArrayList<>();
        for (State x : sa) {
            for (State y : sb) {
                Boolean constant = x.finite() && y.finite() ? null
                        : holds(x.finite() ? 0 : a.side(), op, y.finite() ? 0 : b.side());
                if (Boolean.FALSE.equals(constant)) {
                    continue;
                }
                List<Fragment> conditions = new ArrayList<>();
                if (x.condition() != null && (!x.finite() || guardA)) {
                    conditions.add(x.condition());
                }
                if (y.condition() != null && (!y.finite() || guardB)) {
                    conditions.add(y.condition());
                }
                if (constant == null) {
                    conditions.add(Fragment.join(a.value(), " " + op + " ", b.value()));
                }
                if (conditions.isEmpty()) {
                    return Fragment.TRUE;
                }
                disjuncts.add(Fragment.and(conditions));
            }
        }
        return Fragment.or(disjuncts);
    }

    /** Whether the comparison holds whenever {@code x} is at its infinity, whatever {@code other} is. */
    private boolean infiniteAlwaysHolds(Bound x, String op, Bound other, boolean xLeft) {
        for (State s : states(other)) {
            int o = s.finite() ? 0 : other.side();
            if (!(xLeft ? holds(x.side(), op, o) : holds(o, op, x.side()))) {
                return false;
            }
        }
        return true;
    }

    private static List<State> states(Bound b) {
        if (b.value() == null) {
            return List.of(new State(null, false));
        }
        if (!b.nullable()) {
            return List.of(new State(null, true));
        }
        return List.of(new State(Fragment.join(b.value(), " IS NOT NULL"), true),
                new State(Fragment.join(b.value(), " IS NULL"), false));
    }

    /** The comparison on ranks: -1 for minus infinity, 0 for a finite value, +1 for plus infinity. */
    private static boolean holds(int x, String op, int y) {
        return switch (op) {
            case "<" -> x < y;
            case "<=" -> x <= y;
            case "=" -> x == y;
            case "<>" -> x != y;
            case ">=" -> x >= y;
            default -> x > y;
        };
    }
}
