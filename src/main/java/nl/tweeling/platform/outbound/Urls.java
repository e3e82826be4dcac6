package nl.tweeling.platform.outbound;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** URLs as they may be stored and shown: without credentials. Pure Java, thread-safe. */
public final class Urls {

    /** {@code scheme://userinfo@}: everything up to the last '@' before the path. */
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

    private Urls() {
    }

    /**
     * The URL without its userinfo ({@code http://user:pw@host/x} becomes {@code http://host/x}); anything else
     * unchanged, also text that is not a URL. Null stays null.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        return USERINFO.matcher(url).replaceFirst("$1");
    }

    /** The URI without its userinfo, as text. */
    public static String redact(URI uri) {
        return uri == null ? null : redact(uri.toString());
    }

    /** The URI without userinfo (for requests and comparisons); the same URI when it has none. */
    public static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(redact(uri.toString()));
        } catch (URISyntaxException e) {
            throw new OutboundException(OutboundException.Kind.INVALID, redact(uri.toString()) + " is not a valid URL");
        }
    }

    /** The origin (scheme, host, port) of an http(s) URI, lower case, with the default port filled in. */
    public static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }
}
