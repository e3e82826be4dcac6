package nl.tweeling.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Body limits per route: uploads to POST /imports may be large (tweeling.imports.max-upload-bytes), every other
 * body is held to tweeling.http.max-body-bytes; either way an oversize body is a 413 problem. The requests send
 * {@code Expect: 100-continue}, as curl does for large bodies, and wait for the answer: the body is never sent.
 */
@QuarkusTest
class BodyLimitsTest {

    static final String ADMIN_KEY = "twk_test_bootstrap_admin_key_0123456789";

    @TestHTTPResource("/")
    URL root;

    static long config(String name) {
        return ConfigProvider.getConfig().getValue(name, Long.class);
    }

    @Test
    void anUploadOverTheUploadLimitIsA413Problem() throws IOException {
        long limit = config("tweeling.imports.max-upload-bytes");
        assertEquals(2L * 1024 * 1024 * 1024, limit);
        JsonPath problem = problem(post("/imports", "multipart/form-data; boundary=b", limit + 1));
        assertTrue(problem.getString("detail").contains("tweeling.imports.max-upload-bytes"), problem.prettify());
        assertTrue(problem.getString("detail").contains((limit + 1) + " bytes (2.0 GB)"), problem.prettify());
    }

    @Test
    void otherBodiesKeepTheSmallLimit() throws IOException {
        long limit = config("tweeling.http.max-body-bytes");
        assertEquals(16L * 1024 * 1024, limit);
        // ingest reads its body into memory; a URL import is JSON, not an upload
        for (String path : new String[] {"/ingest/observations", "/imports"}) {
            JsonPath problem = problem(post(path, "application/json", limit + 1));
            assertTrue(problem.getString("detail").contains("tweeling.http.max-body-bytes"), path + ": " + problem.prettify());
            assertEquals(path, problem.getString("instance"));
        }
    }

    /** A request that declares {@code length} bytes and waits for the answer before sending any. */
    private String post(String path, String type, long length) throws IOException {
        try (Socket s = new Socket(root.getHost(), root.getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + root.getHost() + ":" + root.getPort() + "\r\n"
                    + "X-API-Key: " + ADMIN_KEY + "\r\nContent-Type: " + type + "\r\nContent-Length: " + length
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the server closes the connection after its answer
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonPath problem(String response) {
        String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
        assertTrue(head.startsWith("HTTP/1.1 413"), response);
        assertTrue(head.toLowerCase().contains("content-type: application/problem+json"), response);
        JsonPath problem = JsonPath.from(response.substring(head.length() + 4));
        assertEquals(413, problem.getInt("status"));
        assertEquals("PayloadTooLarge", problem.getString("code"));
        return problem;
    }
}
