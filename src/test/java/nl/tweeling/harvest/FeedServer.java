package nl.tweeling.harvest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small local HTTP server standing in for a remote open-data source in tests: each path answers with
 * given bytes, a status code, or a function of the request (for paging services). Counts requests per path.
 */
public final class FeedServer implements AutoCloseable {

    /** A response. */
    public record Answer(int status, String contentType, byte[] body) {

        public static Answer ok(String contentType, byte[] body) {
            return new Answer(200, contentType, body);
        }

        public static Answer json(String body) {
            return new Answer(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final Map<String, Function<HttpExchange, Answer>> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, String> locations = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> requestHeaders = new ConcurrentHashMap<>();

    /** A server on 127.0.0.2, the address the test profile's outbound policy allows. */
    public FeedServer() throws IOException {
        this("127.0.0.2");
    }

    /** A server on {@code address} (a loopback address: 127.0.0.1 and ::1 are refused by the outbound policy). */
    public FeedServer(String address) throws IOException {
        this(address, 0);
    }

    /** A server on {@code address} and {@code port} (0: a free one). */
    public FeedServer(String address, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getByName(address), port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code body} at {@code path}. */
    public FeedServer serve(String path, String contentType, byte[] body) {
        routes.put(path, x -> Answer.ok(contentType, body));
        return this;
    }

    /** Answers {@code path} with {@code status} and a short text body. */
    public FeedServer fail(String path, int status) {
        routes.put(path, x -> new Answer(status, "text/plain", ("error " + status).getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Answers {@code path} by a function of the request (query string in {@code x.getRequestURI()}). */
    public FeedServer route(String path, Function<HttpExchange, Answer> answer) {
        routes.put(path, answer);
        return this;
    }

    /** Answers {@code path} with a 302 to {@code location}. */
    public FeedServer redirect(String path, String location) {
        locations.put(path, location);
        routes.put(path, x -> new Answer(302, "text/plain", new byte[0]));
        return this;
    }

    /** The value of request header {@code name} of the last request to {@code path}, or null. */
    public String lastHeader(String path, String name) {
        Map<String, String> h = requestHeaders.get(path);
        return h == null ? null : h.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String url(String path) {
        java.net.InetAddress a = server.getAddress().getAddress();
        String host = a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }

    /** The server's port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests received, on every path. */
    public int hits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        Map<String, String> headers = new ConcurrentHashMap<>();
        x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        requestHeaders.put(path, headers);
        Function<HttpExchange, Answer> route = routes.get(path);
        Answer a = route == null ? new Answer(404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8)) : route.apply(x);
        x.getResponseHeaders().add("Content-Type", a.contentType());
        if (locations.containsKey(path)) {
            x.getResponseHeaders().add("Location", locations.get(path));
        }
        x.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(a.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
