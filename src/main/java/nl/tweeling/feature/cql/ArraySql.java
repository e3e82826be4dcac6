package nl.tweeling.feature.cql;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import nl.tweeling.feature.cql.Operand.ArrayLiteral;
import nl.tweeling.feature.cql.Operand.BooleanLiteral;
import nl.tweeling.feature.cql.Operand.DateLiteral;
import nl.tweeling.feature.cql.Operand.NumberLiteral;
import nl.tweeling.feature.cql.Operand.PropertyRef;
import nl.tweeling.feature.cql.Operand.StringLiteral;
import nl.tweeling.feature.cql.Operand.TimestampLiteral;

/**
 * Array functions as PostgreSQL array operators. The element type comes from the array properties involved, or else
 * from the literal elements (all integers: bigint; numbers: numeric; strings: text; …; empty: text). Array literals
 * may hold strings, numbers, booleans, timestamps and dates of one type; nested arrays, geometries, intervals and
 * properties inside array literals are not supported. Not thread-safe; one instance per call.
 */
final class ArraySql {

    private final SqlEmitter emitter;

    ArraySql(SqlEmitter emitter) {
        this.emitter = emitter;
    }

    Fragment predicate(Predicate.ArrayComparison p) {
        String fn = p.function().name();
        PropertyType element = null;
        String elementSource = null;
        for (Operand o : List.of(p.left(), p.right())) {
            if (o instanceof PropertyRef ref && emitter.resolve(ref).type() == PropertyType.ARRAY) {
                PropertyType t = emitter.resolve(ref).elementType();
                if (t != null && element != null && t != element) {
                    throw SqlEmitter.typeError(fn + " compares " + elementSource + " with "
                            + CqlException.quote(ref.name()) + ", whose elements have different types");
                }
                if (t != null) {
                    element = t;
                    elementSource = CqlException.quote(ref.name());
                }
            } else if (!(o instanceof ArrayLiteral)) {
                throw SqlEmitter.typeError(fn + " needs arrays, but got " + emitter.describe(o));
            }
        }
        if (element == null) {
            element = inferred(p, fn);
        }
        return Fragment.join(side(p.left(), element, fn), " " + p.function().operator() + " ",
                side(p.right(), element, fn));
    }

    private Fragment side(Operand o, PropertyType element, String fn) {
        if (o instanceof ArrayLiteral a) {
            List<Object> values = new ArrayList<>();
            for (Operand e : a.elements()) {
                values.add(element(e, element, fn));
            }
            String type = sqlType(element);
            return Fragment.join("CAST(", Fragment.param(new SqlArray(type, values)), " AS " + type + "[])");
        }
        return Fragment.of(SqlEmitter.expression(emitter.resolve((PropertyRef) o).sqlExpression()));
    }

    private PropertyType inferred(Predicate.ArrayComparison p, String fn) {
        PropertyType found = null;
        for (Operand o : List.of(p.left(), p.right())) {
            if (o instanceof ArrayLiteral a) {
                for (Operand e : a.elements()) {
                    PropertyType t = kind(e, fn);
                    if (found == null || found == PropertyType.INTEGER && t == PropertyType.NUMBER) {
                        found = t;
                    } else if (!(found == PropertyType.NUMBER && t == PropertyType.INTEGER) && t != found) {
                        throw SqlEmitter.typeError("the elements of the arrays in " + fn
                                + " must all have the same type");
                    }
                }
            }
        }
        return found == null ? PropertyType.STRING : found;
    }

    private static PropertyType kind(Operand e, String fn) {
        if (e instanceof StringLiteral) {
            return PropertyType.STRING;
        }
        if (e instanceof NumberLiteral n) {
            return SqlEmitter.number(n.value()) instanceof Long ? PropertyType.INTEGER : PropertyType.NUMBER;
        }
        if (e instanceof BooleanLiteral) {
            return PropertyType.BOOLEAN;
        }
        if (e instanceof TimestampLiteral) {
            return PropertyType.TIMESTAMP;
        }
        if (e instanceof DateLiteral) {
            return PropertyType.DATE;
        }
        throw CqlException.of(CqlException.Kind.UNSUPPORTED, "array literals in " + fn
                + " may only hold strings, numbers, booleans, timestamps and dates");
    }

    private static Object element(Operand e, PropertyType type, String fn) {
        PropertyType kind = kind(e, fn);
        switch (type) {
            case STRING:
                if (e instanceof StringLiteral s) {
                    return s.value();
                }
                break;
            case INTEGER:
                if (kind == PropertyType.INTEGER) {
                    return SqlEmitter.number(((NumberLiteral) e).value());
                }
                break;
            case NUMBER:
                if (e instanceof NumberLiteral n) {
                    return n.value();
                }
                break;
            case BOOLEAN:
                if (e instanceof BooleanLiteral b) {
                    return b.value();
                }
                break;
            case TIMESTAMP:
                if (e instanceof TimestampLiteral t) {
                    return OffsetDateTime.ofInstant(t.value(), ZoneOffset.UTC);
                }
                if (e instanceof DateLiteral d) {
                    return SqlEmitter.startOfDay(d.value());
                }
                break;
            case DATE:
                if (e instanceof DateLiteral d) {
                    return d.value();
                }
                break;
            default:
                break;
        }
        throw SqlEmitter.typeError("the arrays in " + fn + " hold " + plural(type) + ", but an element is "
                + SqlEmitter.article(kind));
    }

    private static String plural(PropertyType t) {
        return switch (t) {
            case STRING -> "strings";
            case INTEGER -> "integers";
            case NUMBER -> "numbers";
            case BOOLEAN -> "booleans";
            case TIMESTAMP -> "timestamps";
            case DATE -> "dates";
            default -> "values";
        };
    }

    /** The PostgreSQL element type name for array parameters. */
    static String sqlType(PropertyType element) {
        return switch (element) {
            case STRING -> "text";
            case INTEGER -> "bigint";
            case NUMBER -> "numeric";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamptz";
            case DATE -> "date";
            default -> throw new IllegalStateException("not an element type: " + element);
        };
    }
}
