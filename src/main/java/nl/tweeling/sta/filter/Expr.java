package nl.tweeling.sta.filter;

import java.util.List;

/** The abstract syntax of an OData expression ($filter, $orderby). {@code pos} is the 1-based character position. */
public sealed interface Expr {

    int pos();

    /** What kind of literal. */
    enum LiteralKind { STRING, NUMBER, BOOLEAN, NULL, DATETIME, DATE, TIME, GEOMETRY }

    /**
     * A literal: STRING/GEOMETRY (WKT) hold a String, NUMBER a BigDecimal, BOOLEAN a Boolean, DATETIME an
     * OffsetDateTime, DATE a LocalDate, TIME a LocalTime, NULL null.
     */
    record Literal(LiteralKind kind, Object value, int pos) implements Expr {
    }

    /** A property path: {@code name}, {@code properties/owner}, {@code Datastream/ObservedProperty/name}. */
    record Path(List<String> segments, int pos) implements Expr {
    }

    /** A function call, name in lower case. */
    record Call(String name, List<Expr> args, int pos) implements Expr {
    }

    /** eq ne gt ge lt le and or add sub mul div mod. */
    record Binary(String op, Expr left, Expr right, int pos) implements Expr {
    }

    record Not(Expr arg, int pos) implements Expr {
    }

    record Negate(Expr arg, int pos) implements Expr {
    }
}
