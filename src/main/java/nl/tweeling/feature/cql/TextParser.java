package nl.tweeling.feature.cql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import nl.tweeling.feature.cql.CqlException.Kind;
import nl.tweeling.feature.cql.Operand.AccentInsensitive;
import nl.tweeling.feature.cql.Operand.ArrayLiteral;
import nl.tweeling.feature.cql.Operand.BooleanLiteral;
import nl.tweeling.feature.cql.Operand.CaseInsensitive;
import nl.tweeling.feature.cql.Operand.NumberLiteral;
import nl.tweeling.feature.cql.Operand.PropertyRef;
import nl.tweeling.feature.cql.Operand.StringLiteral;
import nl.tweeling.feature.cql.TextLexer.Token;
import nl.tweeling.feature.cql.TextLexer.Type;

/**
 * Recursive-descent parser for CQL2 text over the tokens of {@link TextLexer}. Precedence: NOT binds tighter than
 * AND, AND tighter than OR; parentheses group. Nesting (parentheses, NOT, function arguments, arrays, geometry
 * collections) is limited to {@link Cql2Text#MAX_DEPTH} levels. Not thread-safe; one instance per parse.
 */
final class TextParser {

    private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL");
    private static final Set<String> GEOMETRY_TYPES = Set.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT",
            "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION");

    private final String src;
    private final List<Token> tokens;
    private int next;
    private int depth;

    TextParser(String src) {
        this.src = src;
        this.tokens = new TextLexer(src).tokens();
    }

    Predicate parse() {
        if (peek().type() == Type.EOF) {
            throw error("the filter is empty", peek());
        }
        Predicate p = or();
        if (peek().type() != Type.EOF) {
            throw error("unexpected " + peek().describe() + "; expected AND, OR or the end of the filter", peek());
        }
        return p;
    }

    // ---- boolean structure

    private Predicate or() {
        List<Predicate> args = new ArrayList<>();
        args.add(and());
        while (peek().is("OR")) {
            take();
            args.add(and());
        }
        return args.size() == 1 ? args.get(0) : new Predicate.Or(args);
    }

    private Predicate and() {
        List<Predicate> args = new ArrayList<>();
        args.add(not());
        while (peek().is("AND")) {
            take();
            args.add(not());
        }
        return args.size() == 1 ? args.get(0) : new Predicate.And(args);
    }

    private Predicate not() {
        if (peek().is("NOT")) {
            Token not = take();
            return nested(not, () -> new Predicate.Not(not()));
        }
        return primary();
    }

    private Predicate primary() {
        Token t = peek();
        if (t.type() == Type.LPAREN) {
            take();
            Predicate p = nested(t, this::or);
            expect(Type.RPAREN, "expected ')' to close the '(' at position " + t.start() + " but found "
                    + peek().describe());
            return p;
        }
        if (t.type() == Type.IDENT && peekAt(1).type() == Type.LPAREN) {
            var spatial = SpatialFunction.named(t.text());
            if (spatial.isPresent()) {
                Operand[] args = twoArguments(spatial.get().name());
                return new Predicate.Spatial(spatial.get(), args[0], args[1]);
            }
            var temporal = TemporalFunction.named(t.text());
            if (temporal.isPresent()) {
                Operand[] args = twoArguments(temporal.get().name());
                return new Predicate.Temporal(temporal.get(), args[0], args[1]);
            }
            var array = ArrayFunction.named(t.text());
            if (array.isPresent()) {
                Operand[] args = twoArguments(array.get().name());
                return new Predicate.ArrayComparison(array.get(), args[0], args[1]);
            }
        }
        if (t.type() == Type.EOF) {
            throw error("expected a condition but found " + t.describe(), t);
        }
        Operand left = operand("a condition");
        return afterOperand(left, t);
    }

    /** Everything that may follow the left operand of a comparison predicate. */
    private Predicate afterOperand(Operand left, Token leftToken) {
        Token t = peek();
        if (t.type() == Type.OPERATOR) {
            take();
            ComparisonOperator op = ComparisonOperator.fromSymbol(t.text()).orElseThrow();
            return new Predicate.Comparison(op, left, operand("a value after " + CqlException.quote(t.text())));
        }
        boolean negated = false;
        if (t.is("NOT")) {
            take();
            negated = true;
            t = peek();
            if (!t.is("LIKE") && !t.is("BETWEEN") && !t.is("IN")) {
                throw error("expected LIKE, BETWEEN or IN after NOT but found " + t.describe(), t);
            }
        }
        if (t.is("LIKE")) {
            take();
            return new Predicate.Like(left, pattern(), negated);
        }
        if (t.is("BETWEEN")) {
            take();
            Operand low = operand("a value after BETWEEN");
            if (!peek().is("AND")) {
                throw error("expected AND between the bounds of BETWEEN but found " + peek().describe(), peek());
            }
            take();
            Operand high = operand("a value after BETWEEN … AND");
            return new Predicate.Between(left, low, high, negated);
        }
        if (t.is("IN")) {
            take();
            Token open = expect(Type.LPAREN, "expected '(' after IN but found " + peek().describe());
            List<Operand> list = nested(open, () -> {
                List<Operand> items = new ArrayList<>();
                items.add(operand("a value in the IN list"));
                while (peek().type() == Type.COMMA) {
                    take();
                    items.add(operand("a value in the IN list"));
                }
                return items;
            });
            expect(Type.RPAREN, "expected ',' or ')' in the IN list but found " + peek().describe());
            return new Predicate.In(left, list, negated);
        }
        if (t.is("IS")) {
            take();
            boolean not = false;
            if (peek().is("NOT")) {
                take();
                not = true;
            }
            if (!peek().is("NULL")) {
                throw error("expected NULL after IS" + (not ? " NOT" : "") + " but found " + peek().describe(),
                        peek());
            }
            take();
            return new Predicate.IsNull(left, not);
        }
        if (t.type() == Type.PLUS || t.type() == Type.MINUS) {
            throw CqlException.at(Kind.UNSUPPORTED, "arithmetic expressions are not supported", t.start(), src);
        }
        if (left instanceof BooleanLiteral || left instanceof PropertyRef) {
            return new Predicate.BooleanValue(left);
        }
        throw error("expected a comparison operator, LIKE, BETWEEN, IN or IS NULL after the value at position "
                + leftToken.start() + " but found " + t.describe(), t);
    }

    private Operand pattern() {
        Token t = peek();
        if (t.type() == Type.STRING) {
            take();
            return literal(t, () -> new StringLiteral(t.text()));
        }
        if ((t.is("CASEI") || t.is("ACCENTI")) && peekAt(1).type() == Type.LPAREN) {
            take();
            Token open = take();
            Operand inner = nested(open, this::pattern);
            expect(Type.RPAREN, "expected ')' after the pattern but found " + peek().describe());
            return t.is("CASEI") ? new CaseInsensitive(inner) : new AccentInsensitive(inner);
        }
        throw error("expected a string pattern after LIKE but found " + t.describe(), t);
    }

    private Operand[] twoArguments(String function) {
        take();
        Token open = take();
        return nested(open, () -> {
            Operand a = operand("the first argument of " + function);
            expect(Type.COMMA, function + " takes two arguments; expected ',' but found " + peek().describe());
            Operand b = operand("the second argument of " + function);
            expect(Type.RPAREN, function + " takes two arguments; expected ')' but found " + peek().describe());
            return new Operand[] {a, b};
        });
    }

    // ---- operands

    /** A value; {@code expected} completes "expected …" in messages. */
    private Operand operand(String expected) {
        Token t = peek();
        switch (t.type()) {
            case STRING:
                take();
                return literal(t, () -> new StringLiteral(t.text()));
            case NUMBER:
            case PLUS:
            case MINUS:
                return new NumberLiteral(signedNumber(expected));
            case QUOTED_IDENT:
                take();
                return new PropertyRef(t.text());
            case LPAREN:
                return array();
            case IDENT:
                return identifierOperand(t, expected);
            default:
                throw error("expected " + expected + " but found " + t.describe(), t);
        }
    }

    private Operand identifierOperand(Token t, String expected) {
        String upper = t.text().toUpperCase(Locale.ROOT);
        boolean call = peekAt(1).type() == Type.LPAREN;
        if (call) {
            switch (upper) {
                case "TIMESTAMP":
                case "DATE":
                case "INTERVAL":
                    return new TemporalLiterals(this).parse(upper);
                case "BBOX":
                    return new SpatialLiterals(this).bbox();
                case "CASEI":
                case "ACCENTI": {
                    take();
                    Token open = take();
                    Operand inner = nested(open, () -> operand("a value in " + upper));
                    expect(Type.RPAREN, upper + " takes one argument; expected ')' but found " + peek().describe());
                    return upper.equals("CASEI") ? new CaseInsensitive(inner) : new AccentInsensitive(inner);
                }
                default:
                    break;
            }
            if (GEOMETRY_TYPES.contains(upper)) {
                return new SpatialLiterals(this).geometryLiteral();
            }
            if (SpatialFunction.named(upper).isPresent() || TemporalFunction.named(upper).isPresent()
                    || ArrayFunction.named(upper).isPresent()) {
                throw error(upper + " is a condition and cannot be used as a value", t);
            }
            throw CqlException.at(Kind.UNKNOWN_FUNCTION, "unknown function " + CqlException.quote(t.text()),
                    t.start(), src);
        }
        if (GEOMETRY_TYPES.contains(upper) && (peekAt(1).is("EMPTY")
                || peekAt(1).is("Z") && (peekAt(2).type() == Type.LPAREN || peekAt(2).is("EMPTY")))) {
            return new SpatialLiterals(this).geometryLiteral();
        }
        if (upper.equals("TRUE") || upper.equals("FALSE")) {
            take();
            return new BooleanLiteral(upper.equals("TRUE"));
        }
        if (RESERVED.contains(upper)) {
            throw error("expected " + expected + " but found the keyword " + upper, t);
        }
        take();
        return new PropertyRef(t.text());
    }

    private Operand array() {
        Token open = take();
        List<Operand> elements = nested(open, () -> {
            List<Operand> items = new ArrayList<>();
            if (peek().type() == Type.RPAREN) {
                return items;
            }
            items.add(operand("an array element"));
            while (peek().type() == Type.COMMA) {
                take();
                items.add(operand("an array element"));
            }
            return items;
        });
        expect(Type.RPAREN, "expected ',' or ')' in the array but found " + peek().describe());
        return new ArrayLiteral(elements);
    }

    /** An optionally signed number literal. */
    BigDecimal signedNumber(String expected) {
        Token first = peek();
        boolean negative = false;
        if (first.type() == Type.PLUS || first.type() == Type.MINUS) {
            take();
            negative = first.type() == Type.MINUS;
        }
        Token t = peek();
        if (t.type() != Type.NUMBER) {
            throw error("expected " + (first == t ? expected : "a number after the sign") + " but found "
                    + t.describe(), t);
        }
        take();
        BigDecimal value = new BigDecimal(t.text());
        BigDecimal signed = negative ? value.negate() : value;
        literal(first, () -> new NumberLiteral(signed));
        return signed;
    }

    // ---- token access, shared with the literal parsers

    Token peek() {
        return tokens.get(next);
    }

    Token peekAt(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    Token take() {
        Token t = tokens.get(next);
        if (t.type() != Type.EOF) {
            next++;
        }
        return t;
    }

    Token expect(Type type, String message) {
        if (peek().type() != type) {
            throw error(message, peek());
        }
        return take();
    }

    CqlException error(String message, Token at) {
        return CqlException.at(Kind.SYNTAX, message, at.start(), src);
    }

    /** Builds a literal, turning constructor validation failures into located syntax errors. */
    <T> T literal(Token at, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), at);
        }
    }

    /** Runs {@code body} one nesting level deeper, failing beyond {@link Cql2Text#MAX_DEPTH}. */
    <T> T nested(Token at, Supplier<T> body) {
        if (++depth > Cql2Text.MAX_DEPTH) {
            throw CqlException.at(Kind.TOO_COMPLEX,
                    "the filter is nested too deeply (more than " + Cql2Text.MAX_DEPTH + " levels)", at.start(), src);
        }
        try {
            return body.get();
        } finally {
            depth--;
        }
    }
}
