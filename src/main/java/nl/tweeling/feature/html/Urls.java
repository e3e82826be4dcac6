package nl.tweeling.feature.html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** URL helpers for the HTML pages: encoding of path segments and query values, and switching {@code f}. */
public final class Urls {

    private static final String UNRESERVED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private Urls() {
    }

    /** Percent-encodes one path segment (RFC 3986: everything but unreserved characters, as UTF-8). */
    public static String segment(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && UNRESERVED.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The base URL with exactly one trailing slash. */
    static String base(String baseUrl) {
        if (baseUrl == null || baseUrl.isEmpty()) {
            return "/";
        }
        return baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    /** {@code href} with its {@code f} query parameter (if any) replaced by {@code f=format}; keeps the fragment. */
    static String withFormat(String href, String format) {
        String fragment = "";
        int hash = href.indexOf('#');
        String rest = href;
        if (hash >= 0) {
            fragment = href.substring(hash);
            rest = href.substring(0, hash);
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        StringBuilder query = new StringBuilder();
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty() || pair.equals("f") || pair.startsWith("f=")) {
                    continue;
                }
                query.append(query.length() == 0 ? "" : "&").append(pair);
            }
        }
        query.append(query.length() == 0 ? "" : "&").append("f=").append(query(format));
        return path + "?" + query + fragment;
    }

    /**
     * Whether a URL may be put into an {@code href}: absolute http(s), or relative (no scheme). Anything
     * else ({@code javascript:}, {@code data:}…) is refused so that a hostile value cannot run script.
     */
    static boolean safe(String href) {
        if (href == null) {
            return false;
        }
        String h = href.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("http://") || h.startsWith("https://")) {
            return true;
        }
        int colon = h.indexOf(':');
        if (colon < 0) {
            return !h.startsWith("//") && h.chars().noneMatch(Character::isISOControl);
        }
        // a colon after the first '/', '?' or '#' is part of a relative path or query, not a scheme
        int firstDelimiter = firstOf(h, "/?#");
        return firstDelimiter >= 0 && firstDelimiter < colon && !h.startsWith("//")
                && h.chars().noneMatch(Character::isISOControl);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
