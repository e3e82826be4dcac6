package nl.tweeling.harvest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import nl.tweeling.platform.outbound.OutboundClient;

/**
 * A harvester's credentials (docs/harvest.md, "Credentials"): options {@code username} + {@code password} (HTTP
 * Basic), {@code token} ({@code Authorization: Bearer}), {@code apiKey} (header {@code apiKeyHeader}, default
 * {@code X-API-Key}) and {@code headers} (any request headers). They go only to the origin of the harvester's
 * {@code url}, never after a redirect elsewhere. The secret ones ({@link #SECRET}) are stored but never shown: a
 * listing shows {@code "***"}. A URL with credentials in it is refused: they would be shown with the URL.
 */
public final class HarvestCredentials {

    /** Options whose values are stored but never shown. */
    public static final Set<String> SECRET = Set.of("password", "token", "apiKey", "headers");

    /** What a listing shows for a secret option. */
    public static final String HIDDEN = "***";

    private HarvestCredentials() {
    }

    /** The options as they may be shown: secret values replaced by {@link #HIDDEN}. */
    public static Map<String, Object> shown(Map<String, Object> options) {
        Map<String, Object> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, SECRET.contains(k) ? HIDDEN : v));
        return out;
    }

    /** Checks the credential options; IllegalArgumentException naming the wrong one. */
    public static void check(HarvesterDefinition h) {
        if (URI.create(h.url()).getRawUserInfo() != null) {
            throw new IllegalArgumentException("url must not contain credentials (user:password@): give them as options"
                    + " username and password (the password is never shown)");
        }
        headers(h);
    }

    /** The secret headers for the harvester's origin, or null when it has no credentials. */
    public static OutboundClient.Secret secret(HarvesterDefinition h) {
        Map<String, String> headers = headers(h);
        return headers.isEmpty() ? null : OutboundClient.Secret.forOrigin(URI.create(h.url()), headers);
    }

    private static Map<String, String> headers(HarvesterDefinition h) {
        Options o = new Options(h.options());
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : o.stringMap("headers").entrySet()) {
            if (!e.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("option headers: '" + e.getKey() + "' is not a valid header");
            }
            out.put(e.getKey(), e.getValue());
        }
        var user = o.string("username");
        var password = o.string("password");
        if (password.isPresent() && user.isEmpty()) {
            throw new IllegalArgumentException("option password needs option username");
        }
        if (user.isPresent()) {
            if (user.get().contains(":")) {
                throw new IllegalArgumentException("option username must not contain ':'");
            }
            out.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user.get() + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8)));
        }
        o.string("token").ifPresent(t -> out.put("Authorization", "Bearer " + t));
        String header = o.string("apiKeyHeader").orElse("X-API-Key");
        if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new IllegalArgumentException("option apiKeyHeader '" + header + "' is not a header name");
        }
        o.string("apiKey").ifPresent(k -> out.put(header, k));
        for (Map.Entry<String, String> e : out.entrySet()) {
            if (e.getValue().indexOf('\r') >= 0 || e.getValue().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a credential option holds a line break; the " + e.getKey()
                        + " header cannot carry it");
            }
        }
        return out;
    }
}
