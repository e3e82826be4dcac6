package nl.tweeling.sta.filter;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.tweeling.sta.filter.Expr.LiteralKind;

/**
 * Parses the OData expressions of SensorThings' {@code $filter} and {@code $orderby} into an {@link Expr} tree.
 * Operators: {@code or and not eq ne gt ge lt le add sub mul div mod}, unary {@code -}, parentheses; literals:
 * strings ({@code 'it''s'}), numbers, {@code true false null}, date-times ({@code 2026-01-01T00:00:00Z}),
 * dates, times and {@code geography'POINT(6.1 52.5)'} (or {@code geometry'…'}); property paths with {@code /};
 * function calls. Nesting is bounded. Errors are {@link FilterException}s naming the position. Not thread-safe;
 * one instance per expression.
 */
public final class ExprParser {

    static final int MAX_DEPTH = 64;

    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?([eE][+-]?\\d+)?[mMdDfFlL]?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_@][A-Za-z0-9_.@]*");
    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le");

    private enum Type { LPAREN, RPAREN, COMMA, MINUS, STRING, NUMBER, DATETIME, DATE, TIME, GEOMETRY, NAME, END }

    private record Token(Type type, String text, Object value, int pos) {
        boolean isWord(String w) {
            return type == Type.NAME && text.equalsIgnoreCase(w);
        }
    }

    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int next;
    private int depth;

    private ExprParser(String input) {
        this.input = input;
    }

    /** A whole boolean or value expression. */
    public static Expr parse(String text) {
        ExprParser p = new ExprParser(text);
        p.lex();
        Expr e = p.or();
        p.expectEnd();
        return e;
    }

    /**
     * A {@code $orderby} value: comma-separated expressions, each optionally followed by {@code asc} or
     * {@code desc}.
     */
    public static List<OrderItem> parseOrderBy(String text) {
        ExprParser p = new ExprParser(text);
        p.lex();
        List<OrderItem> items = new ArrayList<>();
        do {
            if (!items.isEmpty()) {
                p.next++;
            }
            Expr e = p.or();
            boolean desc = false;
            if (p.peek().isWord("asc")) {
                p.next++;
            } else if (p.peek().isWord("desc")) {
                p.next++;
                desc = true;
            }
            items.add(new OrderItem(e, desc));
        } while (p.peek().type == Type.COMMA);
        p.expectEnd();
        return items;
    }

    /** One $orderby key. */
    public record OrderItem(Expr expr, boolean descending) {
    }

    // ------------------------------------------------------------------ lexer

    private void lex() {
        int i = 0;
        int n = input.length();
        while (i < n) {
            char c = input.charAt(i);
            int pos = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                tokens.add(new Token(Type.LPAREN, "(", null, pos));
                i++;
            } else if (c == ')') {
                tokens.add(new Token(Type.RPAREN, ")", null, pos));
                i++;
            } else if (c == ',') {
                tokens.add(new Token(Type.COMMA, ",", null, pos));
                i++;
            } else if (c == '-' && !(i + 1 < n && Character.isDigit(input.charAt(i + 1)) && numberMayFollow())) {
                tokens.add(new Token(Type.MINUS, "-", null, pos));
                i++;
            } else if (c == '\'') {
                int[] end = new int[1];
                String s = quoted(i, end);
                tokens.add(new Token(Type.STRING, input.substring(i, end[0]), s, pos));
                i = end[0];
            } else if (Character.isDigit(c) || c == '-') {
                i = number(i);
            } else if (NAME.matcher(input).region(i, n).lookingAt()) {
                Matcher m = NAME.matcher(input).region(i, n);
                m.lookingAt();
                int end = m.end();
                // a path: name/name/…
                while (end < n && input.charAt(end) == '/' && m.region(end + 1, n).lookingAt()) {
                    end = m.end();
                }
                String word = input.substring(i, end);
                String lower = word.toLowerCase(Locale.ROOT);
                if ((lower.equals("geography") || lower.equals("geometry")) && end < n && input.charAt(end) == '\'') {
                    int[] close = new int[1];
                    String wkt = quoted(end, close);
                    tokens.add(new Token(Type.GEOMETRY, input.substring(i, close[0]), wkt, pos));
                    i = close[0];
                } else {
                    tokens.add(new Token(Type.NAME, word, null, pos));
                    i = end;
                }
            } else {
                throw new FilterException("unexpected character '" + c + "'", pos);
            }
        }
        tokens.add(new Token(Type.END, "the end", null, n + 1));
    }

    /** Whether a '-' here starts a negative number (not a subtraction's operand after a value). */
    private boolean numberMayFollow() {
        if (tokens.isEmpty()) {
            return true;
        }
        Token last = tokens.get(tokens.size() - 1);
        return last.type == Type.LPAREN || last.type == Type.COMMA || last.type == Type.MINUS
                || last.type == Type.NAME && isOperatorWord(last.text);
    }

    private static boolean isOperatorWord(String w) {
        String l = w.toLowerCase(Locale.ROOT);
        return COMPARISONS.contains(l) || Set.of("and", "or", "not", "add", "sub", "mul", "div", "mod").contains(l);
    }

    private String quoted(int open, int[] end) {
        StringBuilder s = new StringBuilder();
        int i = open + 1;
        while (true) {
            if (i >= input.length()) {
                throw new FilterException("a quoted literal is not closed", open + 1);
            }
            char c = input.charAt(i);
            if (c == '\'') {
                if (i + 1 < input.length() && input.charAt(i + 1) == '\'') {
                    s.append('\'');
                    i += 2;
                    continue;
                }
                end[0] = i + 1;
                return s.toString();
            }
            s.append(c);
            i++;
        }
    }

    private int number(int start) {
        int pos = start + 1;
        boolean negative = input.charAt(start) == '-';
        int from = negative ? start + 1 : start;
        Matcher m = DATETIME.matcher(input).region(from, input.length());
        if (!negative && m.lookingAt()) {
            try {
                tokens.add(new Token(Type.DATETIME, m.group(), OffsetDateTime.parse(m.group()), pos));
            } catch (DateTimeParseException e) {
                throw new FilterException("'" + m.group() + "' is not a valid date-time", pos);
            }
            return m.end();
        }
        m = DATE.matcher(input).region(from, input.length());
        if (!negative && m.lookingAt()) {
            try {
                tokens.add(new Token(Type.DATE, m.group(), LocalDate.parse(m.group()), pos));
            } catch (DateTimeParseException e) {
                throw new FilterException("'" + m.group() + "' is not a valid date", pos);
            }
            return m.end();
        }
        m = TIME.matcher(input).region(from, input.length());
        if (!negative && m.lookingAt()) {
            try {
                tokens.add(new Token(Type.TIME, m.group(), LocalTime.parse(m.group()), pos));
            } catch (DateTimeParseException e) {
                throw new FilterException("'" + m.group() + "' is not a valid time", pos);
            }
            return m.end();
        }
        m = NUMBER.matcher(input).region(from, input.length());
        if (!m.lookingAt()) {
            throw new FilterException("expected a number", pos);
        }
        String digits = m.group().replaceAll("[mMdDfFlL]$", "");
        BigDecimal value = new BigDecimal(digits);
        tokens.add(new Token(Type.NUMBER, input.substring(start, m.end()), negative ? value.negate() : value, pos));
        return m.end();
    }

    // ------------------------------------------------------------------ parser

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private void expectEnd() {
        Token t = peek();
        if (t.type != Type.END) {
            throw new FilterException("expected an operator or the end but found " + describe(t), t.pos);
        }
    }

    private static String describe(Token t) {
        return t.type == Type.END ? "the end" : "'" + (t.text.length() > 30 ? t.text.substring(0, 30) + "…" : t.text) + "'";
    }

    private Expr nested(java.util.function.Supplier<Expr> body, int pos) {
        if (++depth > MAX_DEPTH) {
            throw new FilterException("the expression is nested too deeply", pos);
        }
        try {
            return body.get();
        } finally {
            depth--;
        }
    }

    private Expr or() {
        Expr left = and();
        while (peek().isWord("or")) {
            Token op = take();
            left = new Expr.Binary("or", left, and(), op.pos);
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (peek().isWord("and")) {
            Token op = take();
            left = new Expr.Binary("and", left, not(), op.pos);
        }
        return left;
    }

    private Expr not() {
        if (peek().isWord("not") && tokens.get(next + 1).type != Type.END) {
            Token t = take();
            return nested(() -> new Expr.Not(not(), t.pos), t.pos);
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        Token t = peek();
        if (t.type == Type.NAME && COMPARISONS.contains(t.text.toLowerCase(Locale.ROOT))) {
            take();
            Expr right = additive();
            return new Expr.Binary(t.text.toLowerCase(Locale.ROOT), left, right, t.pos);
        }
        return left;
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (peek().isWord("add") || peek().isWord("sub")) {
            Token op = take();
            left = new Expr.Binary(op.text.toLowerCase(Locale.ROOT), left, multiplicative(), op.pos);
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (peek().isWord("mul") || peek().isWord("div") || peek().isWord("mod")) {
            Token op = take();
            left = new Expr.Binary(op.text.toLowerCase(Locale.ROOT), left, unary(), op.pos);
        }
        return left;
    }

    private Expr unary() {
        if (peek().type == Type.MINUS) {
            Token t = take();
            return nested(() -> new Expr.Negate(unary(), t.pos), t.pos);
        }
        return primary();
    }

    private Expr primary() {
        Token t = take();
        switch (t.type) {
            case LPAREN: {
                Expr inner = nested(this::or, t.pos);
                Token close = take();
                if (close.type != Type.RPAREN) {
                    throw new FilterException("expected ')' but found " + describe(close), close.pos);
                }
                return inner;
            }
            case STRING:
                return new Expr.Literal(LiteralKind.STRING, t.value, t.pos);
            case NUMBER:
                return new Expr.Literal(LiteralKind.NUMBER, t.value, t.pos);
            case DATETIME:
                return new Expr.Literal(LiteralKind.DATETIME, t.value, t.pos);
            case DATE:
                return new Expr.Literal(LiteralKind.DATE, t.value, t.pos);
            case TIME:
                return new Expr.Literal(LiteralKind.TIME, t.value, t.pos);
            case GEOMETRY:
                return new Expr.Literal(LiteralKind.GEOMETRY, t.value, t.pos);
            case NAME:
                return name(t);
            default:
                throw new FilterException("expected a value but found " + describe(t), t.pos);
        }
    }

    private Expr name(Token t) {
        String lower = t.text.toLowerCase(Locale.ROOT);
        if (peek().type == Type.LPAREN && !t.text.contains("/")) {
            Token open = take();
            return nested(() -> {
                List<Expr> args = new ArrayList<>();
                if (peek().type != Type.RPAREN) {
                    args.add(or());
                    while (peek().type == Type.COMMA) {
                        take();
                        args.add(or());
                    }
                }
                Token close = take();
                if (close.type != Type.RPAREN) {
                    throw new FilterException("expected ',' or ')' but found " + describe(close), close.pos);
                }
                return new Expr.Call(lower, args, t.pos);
            }, open.pos);
        }
        switch (lower) {
            case "true":
                return new Expr.Literal(LiteralKind.BOOLEAN, Boolean.TRUE, t.pos);
            case "false":
                return new Expr.Literal(LiteralKind.BOOLEAN, Boolean.FALSE, t.pos);
            case "null":
                return new Expr.Literal(LiteralKind.NULL, null, t.pos);
            default:
                if (isOperatorWord(t.text)) {
                    throw new FilterException("expected a value but found '" + t.text + "'", t.pos);
                }
                return new Expr.Path(List.of(t.text.split("/")), t.pos);
        }
    }
}
