package nl.tweeling.platform.outbound;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

import nl.tweeling.platform.outbound.OutboundException.Kind;

/**
 * The one HTTP client for server-side GETs (imports of URLs, harvesters): every request goes through the
 * {@link OutboundPolicy}. Its DNS resolver is the policy's {@link OutboundPolicy#resolve}: a host is resolved once
 * per connection, every address is checked, and the socket connects to exactly those addresses (TLS still
 * verifies the host name, SNI included). Redirects are followed here, at most {@code maxRedirects}, each hop's URL
 * checked again. No proxy, no cookies, no automatic retries, bodies as sent (no transparent decompression).
 *
 * <p>Credentials: a URL's userinfo never goes on the wire as such; it becomes an {@code Authorization: Basic}
 * header, and it and the caller's {@link Secret} headers are sent only to the origin (scheme, host, port) they
 * belong to, never after a redirect to another origin. Thread-safe; close it to free its connections.
 */
public final class OutboundClient implements Closeable {

    /** Limits of each request: connect, wait between bytes (headers and body), body size, redirects. */
    public record Limits(Duration connectTimeout, Duration readTimeout, long maxBytes, int maxRedirects) {
    }

    /** Headers (credentials) that go only to one origin, e.g. a harvester's token to its own server. */
    public record Secret(String origin, Map<String, String> headers) {

        /** The secret headers for {@code uri}'s origin. */
        public static Secret forOrigin(URI uri, Map<String, String> headers) {
            return new Secret(Urls.origin(uri), Map.copyOf(headers));
        }
    }

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final OutboundPolicy policy;
    private final Limits limits;
    private final CloseableHttpClient http;

    public OutboundClient(OutboundPolicy policy, Limits limits, String userAgent) {
        this.policy = policy;
        this.limits = limits;
        DnsResolver resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                try {
                    return policy.resolve(host);
                } catch (OutboundException e) {
                    throw new Refused(e);
                }
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        Timeout connect = Timeout.of(limits.connectTimeout());
        Timeout read = Timeout.of(limits.readTimeout());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(read)
                                .build())
                        .setMaxConnTotal(20)
                        .setMaxConnPerRoute(4)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(read)
                        .setConnectionRequestTimeout(connect)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .setUserAgent(userAgent)
                .build();
    }

    /**
     * GETs {@code uri}, following redirects; returns the final response whatever its status (the caller decides
     * what a non-200 means). The caller must close it.
     *
     * @throws OutboundException REFUSED/INVALID (the policy), UNRESOLVED, TIMEOUT, FAILED, TOO_MANY_REDIRECTS; the
     *                           message names the URL without credentials and nothing the far side said
     */
    public Response get(URI uri, Map<String, String> headers, Secret secret) {
        policy.checkUrl(uri);
        Map<String, String> sent = new LinkedHashMap<>();
        Secret credentials = secret;
        if (uri.getRawUserInfo() != null) {
            String basic = Base64.getEncoder().encodeToString(decode(uri.getRawUserInfo()).getBytes(StandardCharsets.UTF_8));
            Map<String, String> h = new LinkedHashMap<>(secret == null ? Map.of() : secret.headers());
            h.put("Authorization", "Basic " + basic);
            credentials = new Secret(Urls.origin(uri), h);
        }
        URI current = Urls.withoutUserInfo(uri);
        URI from = null;
        for (int hop = 0; ; hop++) {
            if (hop > 0) {
                policy.checkUrl(current);
            }
            HttpGet get = new HttpGet(current);
            sent.clear();
            sent.putAll(headers == null ? Map.of() : headers);
            if (credentials != null && credentials.origin().equals(Urls.origin(current))) {
                sent.putAll(credentials.headers());
            }
            sent.forEach(get::setHeader);
            ClassicHttpResponse response;
            try {
                response = http.executeOpen(null, get, null);
            } catch (Refused e) {
                String via = from == null ? "" : Urls.redact(from) + " redirects to ";
                throw new OutboundException(e.cause.kind(), via + Urls.redact(current) + ": " + e.cause.getMessage());
            } catch (IOException e) {
                throw failure(current, e);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // the client's own checks of a request it cannot make: said without its message
                throw new OutboundException(Kind.FAILED, Urls.redact(current) + " could not be fetched");
            }
            int status = response.getCode();
            if (!REDIRECTS.contains(status)) {
                return new Response(current, response, limits.maxBytes());
            }
            Header location = response.getFirstHeader("Location");
            close(response);
            if (location == null) {
                return new Response(current, null, limits.maxBytes(), status);
            }
            if (hop >= limits.maxRedirects()) {
                throw new OutboundException(Kind.TOO_MANY_REDIRECTS, Urls.redact(uri) + " redirects more than "
                        + limits.maxRedirects() + " times");
            }
            URI next;
            try {
                next = current.resolve(new URI(location.getValue().strip()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new OutboundException(Kind.INVALID, Urls.redact(current) + " redirects to an invalid URL");
            }
            try {
                policy.checkUrl(next);
            } catch (OutboundException e) {
                throw new OutboundException(e.kind(), Urls.redact(current) + " redirects to a refused URL: " + e.getMessage());
            }
            from = current;
            current = Urls.withoutUserInfo(next);
        }
    }

    private OutboundException failure(URI uri, IOException e) {
        if (e instanceof UnknownHostException) {
            return new OutboundException(Kind.UNRESOLVED, Urls.redact(uri) + ": host " + uri.getHost() + " could not be resolved");
        }
        if (e instanceof InterruptedIOException) {
            // SocketTimeoutException and the client's ConnectTimeoutException
            return new OutboundException(Kind.TIMEOUT, Urls.redact(uri) + " timed out");
        }
        return new OutboundException(Kind.FAILED, Urls.redact(uri) + " could not be fetched");
    }

    private static String decode(String rawUserInfo) {
        return java.net.URLDecoder.decode(rawUserInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void close(ClassicHttpResponse response) {
        if (response instanceof org.apache.hc.client5.http.impl.classic.CloseableHttpResponse c) {
            c.close(CloseMode.IMMEDIATE);
        } else {
            try {
                response.close();
            } catch (IOException e) {
                // nothing to keep
            }
        }
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }

    /** A response: status, final URL, headers and a body limited to {@code maxBytes}. Close it (or abort it). */
    public static final class Response implements Closeable {

        private final URI uri;
        private final ClassicHttpResponse response;
        private final long maxBytes;
        private final int status;

        Response(URI uri, ClassicHttpResponse response, long maxBytes) {
            this(uri, response, maxBytes, response.getCode());
        }

        Response(URI uri, ClassicHttpResponse response, long maxBytes, int status) {
            this.uri = uri;
            this.response = response;
            this.maxBytes = maxBytes;
            this.status = status;
        }

        public int status() {
            return status;
        }

        /** The URL that answered (after redirects), without credentials. */
        public URI uri() {
            return uri;
        }

        public Optional<String> header(String name) {
            Header h = response == null ? null : response.getFirstHeader(name);
            return Optional.ofNullable(h).map(Header::getValue);
        }

        /**
         * The body; reading past {@code maxBytes} throws an {@link OutboundException} TOO_LARGE, a stall or a break
         * an OutboundException TIMEOUT or FAILED (never the socket's own message).
         */
        public InputStream body() {
            InputStream raw;
            try {
                raw = response == null || response.getEntity() == null ? InputStream.nullInputStream()
                        : response.getEntity().getContent();
            } catch (IOException e) {
                throw new OutboundException(Kind.FAILED, Urls.redact(uri) + " broke off");
            }
            return new FilterInputStream(raw) {
                long total;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n;
                    try {
                        n = super.read(b, off, len);
                    } catch (InterruptedIOException e) {
                        throw new OutboundException(Kind.TIMEOUT, Urls.redact(uri) + " timed out while sending its body");
                    } catch (IOException e) {
                        throw new OutboundException(Kind.FAILED, Urls.redact(uri) + " broke off while sending its body");
                    }
                    if (n > 0) {
                        total += n;
                        if (total > maxBytes) {
                            throw new OutboundException(Kind.TOO_LARGE, Urls.redact(uri) + " is larger than " + maxBytes
                                    + " bytes");
                        }
                    }
                    return n;
                }
            };
        }

        /** Closes at once, without reading the rest of the body (also from another thread, to stop a read). */
        @Override
        public void close() {
            if (response != null) {
                OutboundClient.close(response);
            }
        }
    }

    /** The policy's refusal, carried through the client's resolver interface. */
    private static final class Refused extends UnknownHostException {
        private static final long serialVersionUID = 1L;
        final transient OutboundException cause;

        Refused(OutboundException cause) {
            super(cause.getMessage());
            this.cause = cause;
        }
    }
}
