package nl.tweeling.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/**
 * Errors that Vert.x or the REST layer answer before a resource runs are problem+json too, and a CQL2 filter
 * of 64 KB fits on the request line. The requests go over a raw socket: a client library would re-encode the
 * bad escape or refuse the oversize line itself.
 */
@QuarkusTest
class HttpErrorsTest {

    @TestHTTPResource("/")
    URL root;

    /**
     * A request URI that java.net.URI rejects (a malformed percent-escape) is a 400 problem naming what is wrong,
     * in the path and in the query (RequestLimits; the test JVM runs with -Dvertx.disableURIValidation=true, as
     * app.sh and k8s do, so Quarkus' empty 400 does not answer first).
     */
    @Test
    void aBadPercentEscapeIsA400Problem() throws IOException {
        for (String target : new String[] {"/collections/%ZZ", "/collections/addresses/items?filter=%ZZ",
                "/collections/addresses/items?filter=a%2"}) {
            JsonPath p = problem(send("GET " + target + " HTTP/1.1\r\n" + host() + "\r\n"), 400);
            assertTrue(p.getString("detail").contains("%25"), target + ": " + p.prettify());
        }
        // a valid escape still works
        assertTrue(send("GET /collections/addresses/items?limit=1&filter=house_number%20%3E%200 HTTP/1.1\r\n" + host()
                + "\r\n").startsWith("HTTP/1.1 200"));
    }

    @Test
    void aRequestLineOverTheLimitIsA414Problem() throws IOException {
        int limit = ConfigProvider.getConfig().getValue("tweeling.http.max-request-line-bytes", Integer.class);
        String path = "/collections/addresses/items?filter=" + "a".repeat(limit + 1);
        JsonPath p = problem(send("GET " + path + " HTTP/1.1\r\n" + host() + "\r\n"), 414);
        assertTrue(p.getString("detail").contains(String.valueOf(limit)), p.prettify());
        assertTrue(p.getString("detail").contains("POST") || p.getString("detail").contains("filter"), p.prettify());
    }

    @Test
    void headersOverTheLimitAreA431Problem() throws IOException {
        String big = "X-Padding: " + "b".repeat(64 * 1024) + "\r\n";
        JsonPath p = problem(send("GET /collections HTTP/1.1\r\n" + host() + big + "\r\n"), 431);
        assertTrue(p.getString("detail").toLowerCase(Locale.ROOT).contains("header"), p.prettify());
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413Problem() throws IOException {
        long limit = ConfigProvider.getConfig().getValue("tweeling.http.max-body-bytes", Long.class);
        String response;
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /ingest/observations HTTP/1.1\r\n" + host() + "X-API-Key: " + BodyLimitsTest.ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (long sent = 0; sent <= limit + chunk.length; sent += chunk.length) {
                    out.write(head);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException e) {
                // the server answered and closed the connection before the body was all sent
            }
            response = readAll(s.getInputStream());
        }
        JsonPath p = problem(response, 413);
        assertTrue(p.getString("detail").contains("tweeling.http.max-body-bytes"), p.prettify());
    }

    @Test
    void aMethodThePathDoesNotTakeIsA405Problem() throws IOException {
        for (String request : new String[] {"DELETE /collections", "PUT /datastreams", "PATCH /collections/addresses/items"}) {
            JsonPath p = problem(send(request + " HTTP/1.1\r\n" + host() + "Content-Length: 0\r\n\r\n"), 405);
            assertTrue(p.getString("detail").contains("not allowed"), request + ": " + p.prettify());
        }
    }

    @Test
    void aContentTypeThePathDoesNotTakeIsA415Problem() throws IOException {
        String body = "hello";
        JsonPath p = problem(send("POST /ingest/observations HTTP/1.1\r\n" + host() + "X-API-Key: "
                + BodyLimitsTest.ADMIN_KEY + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body), 415);
        assertTrue(p.getString("detail").contains("text/plain"), p.prettify());
    }

    @Test
    void aCql2FilterOf64KilobytesWorks() throws IOException {
        // a long IN list of postcodes: three of the sample's, then ones that do not exist
        String known = (String) TestDatabase.scalar("SELECT string_agg(quote_literal(postcode), ',') FROM"
                + " (SELECT DISTINCT postcode FROM tweeling.addresses WHERE valid_to IS NULL AND postcode IS NOT NULL"
                + " ORDER BY postcode LIMIT 3) p");
        long expected = TestDatabase.count("SELECT count(*) FROM tweeling.addresses WHERE valid_to IS NULL AND postcode IN (" + known + ")");
        assertTrue(expected > 0);
        StringBuilder filter = new StringBuilder("postcode IN (" + known);
        for (int i = 0; filter.length() < 64 * 1024 - 20; i++) {
            filter.append(",'9").append(String.format("%03d", i % 1000)).append(" Z").append((char) ('A' + i / 1000 % 26)).append('\'');
        }
        // exactly 64 KB, the longest filter taken
        filter.append(" ".repeat(64 * 1024 - 1 - filter.length())).append(')');
        assertEquals(64 * 1024, filter.length());
        String query = "filter=" + java.net.URLEncoder.encode(filter.toString(), StandardCharsets.UTF_8).replace("+", "%20");
        String response = send("GET /collections/addresses/items?limit=10000&" + query + " HTTP/1.1\r\n" + host() + "\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200"), response.substring(0, Math.min(2000, response.length())));
        JsonPath body = JsonPath.from(body(response));
        assertEquals(expected, body.getInt("numberReturned"));
    }

    private String host() {
        return "Host: " + root.getHost() + ":" + root.getPort() + "\r\nConnection: close\r\n";
    }

    private Socket socket() throws IOException {
        Socket s = new Socket(root.getHost(), root.getPort());
        s.setSoTimeout(60_000);
        return s;
    }

    private String send(String request) throws IOException {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (SocketException e) {
                // answered before the request was all sent: read that answer
            }
            return readAll(s.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        try {
            for (int n; (n = in.read(b)) > 0;) {
                buf.write(b, 0, n);
            }
        } catch (SocketException e) {
            // connection reset after the answer
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String body(String response) {
        int i = response.indexOf("\r\n\r\n");
        String head = response.substring(0, i).toLowerCase(Locale.ROOT);
        String body = response.substring(i + 4);
        if (head.contains("transfer-encoding: chunked")) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
                if (size == 0) {
                    break;
                }
                // chunk sizes count bytes; the bodies here are ASCII JSON with UTF-8 only in strings
                byte[] rest = body.substring(eol + 2).getBytes(StandardCharsets.UTF_8);
                String chunk = new String(rest, 0, size, StandardCharsets.UTF_8);
                out.append(chunk);
                at = eol + 2 + chunk.length() + 2;
            }
            return out.toString();
        }
        return body;
    }

    private static JsonPath problem(String response, int status) {
        String shown = response.substring(0, Math.min(1500, response.length()));
        assertTrue(response.startsWith("HTTP/1.1 " + status), shown);
        int i = response.indexOf("\r\n\r\n");
        String head = response.substring(0, i).toLowerCase(Locale.ROOT);
        assertTrue(head.contains("content-type: application/problem+json"), shown);
        JsonPath p = JsonPath.from(body(response));
        assertEquals(status, p.getInt("status"), shown);
        assertTrue(p.getString("detail") != null && !p.getString("detail").isBlank(), shown);
        return p;
    }
}
