package nl.tweeling.feature.cql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CQL2 text into tokens. Whitespace separates tokens; strings use single quotes with {@code ''} or
 * {@code \'} for a quote; double-quoted identifiers use {@code ""} for a double quote; numbers are unsigned
 * (signs are separate tokens). Not thread-safe; one instance per parse.
 */
final class TextLexer {

    enum Type { IDENT, QUOTED_IDENT, STRING, NUMBER, LPAREN, RPAREN, COMMA, OPERATOR, PLUS, MINUS, EOF }

    /** A token: its type, its value (unescaped for strings and quoted identifiers) and its source span. */
    record Token(Type type, String text, int start, int end) {

        /** Whether this is an unquoted identifier equal to {@code keyword}, ignoring case. */
        boolean is(String keyword) {
            return type == Type.IDENT && text.equalsIgnoreCase(keyword);
        }

        /** The token as users wrote it, for messages. */
        String describe() {
            return switch (type) {
                case EOF -> "the end of the filter";
                case STRING -> "the string " + CqlException.quote(text);
                case QUOTED_IDENT -> "the property " + CqlException.quote(text);
                default -> CqlException.quote(text);
            };
        }
    }

    private final String src;
    private int i;

    TextLexer(String src) {
        this.src = src;
    }

    List<Token> tokens() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (i >= src.length()) {
                out.add(new Token(Type.EOF, "", src.length(), src.length()));
                return out;
            }
            out.add(next());
        }
    }

    private void skipWhitespace() {
        while (i < src.length() && (Character.isWhitespace(src.charAt(i)) || Character.isSpaceChar(src.charAt(i)))) {
            i++;
        }
    }

    private Token next() {
        int start = i;
        char c = src.charAt(i);
        switch (c) {
            case '(':
                i++;
                return new Token(Type.LPAREN, "(", start, i);
            case ')':
                i++;
                return new Token(Type.RPAREN, ")", start, i);
            case ',':
                i++;
                return new Token(Type.COMMA, ",", start, i);
            case '+':
                i++;
                return new Token(Type.PLUS, "+", start, i);
            case '-':
                i++;
                return new Token(Type.MINUS, "-", start, i);
            case '=':
                i++;
                return new Token(Type.OPERATOR, "=", start, i);
            case '<':
                i++;
                if (i < src.length() && (src.charAt(i) == '=' || src.charAt(i) == '>')) {
                    i++;
                }
                return new Token(Type.OPERATOR, src.substring(start, i), start, i);
            case '>':
                i++;
                if (i < src.length() && src.charAt(i) == '=') {
                    i++;
                }
                return new Token(Type.OPERATOR, src.substring(start, i), start, i);
            case '\'':
                return string();
            case '"':
                return quotedIdentifier();
            default:
                break;
        }
        if (isDigit(c) || c == '.' && i + 1 < src.length() && isDigit(src.charAt(i + 1))) {
            return number();
        }
        if (isIdentifierStart(c)) {
            i += Character.charCount(src.codePointAt(i));
            while (i < src.length() && isIdentifierPart(src.codePointAt(i))) {
                i += Character.charCount(src.codePointAt(i));
            }
            return new Token(Type.IDENT, src.substring(start, i), start, i);
        }
        String hint = c == '!' ? " (use <> for 'not equal')"
                : "*/%^".indexOf(c) >= 0 ? " (arithmetic expressions are not supported)" : "";
        throw CqlException.at(CqlException.Kind.SYNTAX,
                "unexpected character " + CqlException.quote(new String(Character.toChars(src.codePointAt(i)))) + hint,
                start, src);
    }

    private Token string() {
        int start = i++;
        StringBuilder b = new StringBuilder();
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\'' && i + 1 < src.length() && src.charAt(i + 1) == '\''
                    || c == '\\' && i + 1 < src.length() && src.charAt(i + 1) == '\'') {
                b.append('\'');
                i += 2;
            } else if (c == '\'') {
                i++;
                return new Token(Type.STRING, b.toString(), start, i);
            } else {
                b.append(c);
                i++;
            }
        }
        throw CqlException.at(CqlException.Kind.SYNTAX, "the string starting here is not closed with '", start, src);
    }

    private Token quotedIdentifier() {
        int start = i++;
        StringBuilder b = new StringBuilder();
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '"' && i + 1 < src.length() && src.charAt(i + 1) == '"') {
                b.append('"');
                i += 2;
            } else if (c == '"') {
                i++;
                if (b.length() == 0) {
                    throw CqlException.at(CqlException.Kind.SYNTAX, "a quoted property name must not be empty", start,
                            src);
                }
                return new Token(Type.QUOTED_IDENT, b.toString(), start, i);
            } else {
                b.append(c);
                i++;
            }
        }
        throw CqlException.at(CqlException.Kind.SYNTAX, "the property name starting here is not closed with \"",
                start, src);
    }

    private Token number() {
        int start = i;
        digits();
        if (i < src.length() && src.charAt(i) == '.') {
            i++;
            digits();
        }
        if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int mark = i++;
            if (i < src.length() && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
                i++;
            }
            if (i >= src.length() || !isDigit(src.charAt(i))) {
                throw CqlException.at(CqlException.Kind.SYNTAX, "the exponent of this number has no digits", mark,
                        src);
            }
            digits();
        }
        if (i < src.length() && (isIdentifierPart(src.codePointAt(i)) || src.charAt(i) == '.')) {
            throw CqlException.at(CqlException.Kind.SYNTAX, "malformed number", start, src);
        }
        return new Token(Type.NUMBER, src.substring(start, i), start, i);
    }

    private void digits() {
        while (i < src.length() && isDigit(src.charAt(i))) {
            i++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** CQL2 identifierStart: letters, underscore and colon. */
    private static boolean isIdentifierStart(int cp) {
        return cp == ':' || cp == '_' || Character.isLetter(cp);
    }

    /** CQL2 identifierPart: identifierStart, period, digits and combining marks. */
    private static boolean isIdentifierPart(int cp) {
        return isIdentifierStart(cp) || cp == '.' || cp >= '0' && cp <= '9'
                || cp >= 0x0300 && cp <= 0x036F || cp == 0x203F || cp == 0x2040
                || Character.getType(cp) == Character.NON_SPACING_MARK;
    }
}
