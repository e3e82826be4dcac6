package nl.tweeling.feature.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.feature.Queryable;
import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.support.TestDatabase;

/**
 * GET /api: one OpenAPI 3.0 document with concrete paths per collection, read by GDAL as a real client.
 */
@QuarkusTest
class OpenApiTest {

    static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    LayerRegistry registry;

    @Inject
    TweelingConfig config;

    @Test
    void servedWithTheExactMediaTypeByDefaultAndToJsonClients() {
        for (String accept : new String[] {null, "*/*", "application/json", FormatTest.GDAL_API, OPENAPI}) {
            var request = given();
            if (accept != null) {
                request.accept(accept);
            }
            String type = request.get("/api").then().statusCode(200).extract().header("Content-Type");
            assertEquals(OPENAPI, type, "for Accept " + accept);
        }
        assertEquals(OPENAPI, given().get("/api?f=json").then().statusCode(200).extract().header("Content-Type"));
    }

    @Test
    void documentParsesAndEveryReferenceResolves() throws Exception {
        JsonNode doc = document();
        assertEquals("3.0.3", doc.path("openapi").asText());
        assertFalse(doc.path("info").path("title").asText().isEmpty());
        assertFalse(doc.path("info").path("version").asText().isEmpty());
        assertTrue(doc.path("servers").get(0).path("url").asText().startsWith("http://"));

        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            assertFalse(doc.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
        }

        Set<String> operationIds = new HashSet<>();
        Pattern template = Pattern.compile("\\{([^}]+)}");
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                assertTrue(operationIds.add(op.getValue().path("operationId").asText()), "unique operationId");
                assertTrue(op.getValue().path("responses").size() > 0, path.getKey());
                Set<String> declaredPathParams = new HashSet<>();
                Set<String> queryParams = new HashSet<>();
                for (JsonNode p : op.getValue().path("parameters")) {
                    JsonNode resolved = resolve(doc, p);
                    assertTrue(resolved.has("name") && resolved.has("in") && resolved.has("schema"), resolved.toString());
                    if (resolved.path("in").asText().equals("path")) {
                        assertTrue(resolved.path("required").asBoolean(), "path parameters are required");
                        declaredPathParams.add(resolved.path("name").asText());
                    } else {
                        assertTrue(queryParams.add(resolved.path("name").asText()),
                                "query parameter twice in " + path.getKey() + ": " + resolved.path("name"));
                    }
                }
                Matcher m = template.matcher(path.getKey());
                Set<String> inTemplate = new HashSet<>();
                while (m.find()) {
                    inTemplate.add(m.group(1));
                }
                assertEquals(inTemplate, declaredPathParams, "path parameters of " + path.getKey());
            }
        }
    }

    @Test
    void listsTheCapabilitySensorAndIngestPaths() throws Exception {
        JsonNode paths = document().path("paths");
        for (String p : List.of("/", "/conformance", "/api", "/collections", "/datastreams", "/datastreams/{id}",
                "/datastreams/{id}/observations")) {
            assertTrue(paths.path(p).has("get"), p);
        }
        assertTrue(paths.path("/api").path("get").path("responses").path("200").path("content").has(OPENAPI));
        JsonNode ingest = paths.path("/ingest/observations").path("post");
        assertTrue(ingest.path("requestBody").path("content").has("application/json"));
        assertTrue(ingest.path("requestBody").path("content").has("application/x-ndjson"));
        assertTrue(ingest.path("responses").has("202"));
        assertEquals("[{\"apiKey\":[]},{\"bearer\":[]}]", ingest.path("security").toString());
        JsonNode schemes = document().path("components").path("securitySchemes");
        assertEquals("apiKey", schemes.path("apiKey").path("type").asText());
        assertEquals("header", schemes.path("apiKey").path("in").asText());
        assertEquals("X-API-Key", schemes.path("apiKey").path("name").asText());
        assertEquals("http", schemes.path("bearer").path("type").asText());
        assertEquals("bearer", schemes.path("bearer").path("scheme").asText());
    }

    /**
     * /api is the one document: every operation the resources declare (the annotation-scanned document at
     * /q/openapi lists them) is in it too, so a new endpoint without its entry here fails this test. Per-collection
     * paths are concrete in /api, so the scanned /collections/{collectionId}/… templates are checked on one layer.
     */
    @Test
    void everyEndpointOfTheAppIsInTheOneDocument() throws Exception {
        JsonNode scanned = JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString()).path("paths");
        JsonNode paths = document().path("paths");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = scanned.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            String ours = path.getKey().replace("/collections/{collectionId}", "/collections/buildings");
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next();
                if (!Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                    continue;
                }
                checked++;
                if (!paths.path(ours).has(method)) {
                    missing.add(method.toUpperCase() + " " + ours);
                }
            }
        }
        assertTrue(checked >= 20, "the scanned document lists the app's operations: " + checked);
        assertEquals(List.of(), missing, "operations of the app missing from /api");

        JsonNode imports = paths.path("/imports").path("post");
        assertTrue(imports.path("requestBody").path("content").has("multipart/form-data"));
        assertTrue(imports.path("requestBody").path("content").has("application/json"));
        assertEquals("#/components/schemas/statusInfo",
                imports.path("responses").path("201").path("content").path("application/json").path("schema")
                        .path("$ref").asText());
        assertEquals("[{\"apiKey\":[]},{\"bearer\":[]}]", imports.path("security").toString());
        assertTrue(paths.path("/jobs/{jobId}").path("get").path("responses").has("404"));
    }

    /** Swagger UI opens /api (the one document), not the annotation-scanned one. */
    @Test
    void swaggerUiShowsTheOneDocument() {
        String config = given().get("/q/swagger-ui/").then().statusCode(200).extract().asString();
        // one document is rendered as url: '…', several as urls: [{url: …}, …]
        Matcher urls = Pattern.compile("\\burls?\\s*:\\s*(\\[[^]]*]|'[^']*'|\"[^\"]*\")").matcher(config);
        assertTrue(urls.find(), "Swagger UI's page names its documents: " + config);
        assertTrue(urls.group(1).matches("(?s).*[\"']/api[\"'].*"), "Swagger UI opens /api: " + urls.group());
        assertFalse(urls.group(1).contains("/q/openapi"), "and only /api: " + urls.group());
    }

    @Test
    void everyCollectionHasItsOwnPathsWithLimitAndQueryables() throws Exception {
        JsonNode doc = document();
        JsonNode paths = doc.path("paths");
        // the document an anonymous client gets: the layers it may see
        List<Layer> layers = registry.visible(nl.tweeling.platform.security.Caller.ANONYMOUS);
        assertTrue(layers.size() >= 8, "the sample's layers");
        for (Layer layer : layers) {
            String base = "/collections/" + layer.id();
            for (String p : List.of(base, base + "/items", base + "/items/{featureId}", base + "/queryables")) {
                assertTrue(paths.path(p).has("get"), p);
            }
            JsonNode items = paths.path(base + "/items").path("get");
            Map<String, JsonNode> params = new java.util.HashMap<>();
            for (JsonNode p : items.path("parameters")) {
                JsonNode r = resolve(doc, p);
                params.put(r.path("name").asText(), r);
            }
            for (String name : List.of("limit", "bbox", "bbox-crs", "datetime", "crs", "filter", "filter-lang",
                    "filter-crs", "sortby", "properties", "skipGeometry", "cursor", "f")) {
                assertTrue(params.containsKey(name), layer.id() + " items lacks " + name);
                assertEquals("query", params.get(name).path("in").asText());
            }
            // the limit sits in the items path itself, where GDAL reads it
            JsonNode limit = items.path("parameters").get(0);
            assertEquals("limit", limit.path("name").asText());
            assertEquals("integer", limit.path("schema").path("type").asText());
            assertEquals(1, limit.path("schema").path("minimum").asInt());
            assertEquals(config.features().maxLimit(), limit.path("schema").path("maximum").asInt());
            assertEquals(config.features().defaultLimit(), limit.path("schema").path("default").asInt());

            JsonNode bbox = params.get("bbox");
            assertEquals("form", bbox.path("style").asText());
            assertFalse(bbox.path("explode").asBoolean(true));
            assertEquals("array", bbox.path("schema").path("type").asText());
            // /req/core/fc-bbox-definition: 4 to 6 numbers, bounds at the schema's top level (no oneOf)
            assertEquals(4, bbox.path("schema").path("minItems").asInt());
            assertEquals(6, bbox.path("schema").path("maxItems").asInt());
            assertTrue(bbox.path("schema").path("oneOf").isMissingNode());
            assertEquals("number", bbox.path("schema").path("items").path("type").asText());
            assertEquals("[\"cql2-text\",\"cql2-json\"]", params.get("filter-lang").path("schema").path("enum").toString());
            assertEquals("[\"json\",\"geojson\",\"html\"]", params.get("f").path("schema").path("enum").toString());

            int queryables = 0;
            for (Queryable q : Queryable.of(layer)) {
                if (q.type() == null || OpenApiDocument.ITEMS_PARAMETERS.contains(q.name())) {
                    assertTrue(q.type() != null || !params.containsKey(q.name()), "no parameter for the geometry");
                    continue;
                }
                queryables++;
                JsonNode p = params.get(q.name());
                assertNotNull(p, layer.id() + " items lacks queryable " + q.name());
                assertEquals(q.type(), p.path("schema").path("type").asText(), q.name());
                if (q.format() != null) {
                    assertEquals(q.format(), p.path("schema").path("format").asText(), q.name());
                }
            }
            assertTrue(queryables > 0, layer.id() + " has queryables");

            JsonNode responses = items.path("responses");
            assertTrue(responses.path("200").path("content").has("application/geo+json"));
            assertTrue(responses.path("200").path("content").has("text/html"));
            for (String status : List.of("400", "404", "406")) {
                assertTrue(resolve(doc, responses.path(status)).path("content").has("application/problem+json"),
                        status);
            }
            JsonNode feature = paths.path(base + "/items/{featureId}").path("get").path("responses").path("200");
            assertTrue(feature.path("content").has("application/geo+json"));
            JsonNode queryablesResponse = paths.path(base + "/queryables").path("get").path("responses").path("200");
            assertTrue(queryablesResponse.path("content").has("application/schema+json"));
            assertTrue(paths.path(base).path("get").path("responses").path("200").path("content")
                    .has("application/json"));
        }
    }

    @Test
    void htmlPageLeadsToSwaggerUi() {
        String html = given().get("/api?f=html").then().statusCode(200).contentType(startsWith("text/html"))
                .extract().asString();
        assertTrue(html.contains("q/swagger-ui/\""), html);
        assertTrue(html.contains("/collections/buildings/items"), html);
        given().accept(FormatTest.BROWSER).get("/api").then().statusCode(200).contentType(startsWith("text/html"));
        given().get("/api?f=yaml").then().statusCode(400).body("parameter", org.hamcrest.Matchers.equalTo("f"));
    }

    @Test
    void gdalReadsTheCollectionsAndTheQueryableFields() throws Exception {
        String root = "OAPIF:http://localhost:" + RestAssured.port + "/";
        for (String collection : List.of("buurten", "addresses")) {
            // as an anonymous client sees it (addresses.residents is for planners)
            Layer layer = registry.findVisible(collection, nl.tweeling.platform.security.Caller.ANONYMOUS).orElseThrow();
            String out = run("ogrinfo", "-ro", "-so", root, collection);
            assertTrue(out.contains("Layer name: " + collection), out);
            assertTrue(out.contains("Feature Count: " + layer.featureCount()), out);
            // GDAL takes its fields from the first page: the attributes served on item pages
            List<String> onPages = nl.tweeling.feature.FeatureRepository.pageProperties(layer);
            for (Queryable q : Queryable.of(layer)) {
                if (q.type() != null && onPages.contains(q.name())) {
                    assertTrue(Pattern.compile("(?m)^" + Pattern.quote(q.name()) + ": ").matcher(out).find(),
                            "ogrinfo lists queryable " + q.name() + " of " + collection + ":\n" + out);
                }
            }
        }
    }

    @Test
    void gdalPushesAnAttributeFilterToTheServerAsTheDocumentAllows() throws Exception {
        String name = (String) TestDatabase.scalar(
                "SELECT name FROM tweeling.buurten WHERE valid_to IS NULL ORDER BY fid LIMIT 1");
        String out = run("ogrinfo", "-ro", "--debug", "on", "OAPIF:http://localhost:" + RestAssured.port + "/",
                "buurten", "-where", "name = '" + name.replace("'", "''") + "'");
        assertTrue(out.contains("Fetch(http://localhost:" + RestAssured.port + "/api)"), "GDAL reads /api:\n" + out);
        // GDAL sends the condition as the queryable's own parameter (name=…) or, where it speaks CQL2, as filter=…
        assertTrue(Pattern.compile("Fetch\\(http://localhost:\\d+/collections/buurten/items\\?[^)]*(&|\\?)(name|filter)=")
                .matcher(out).find(), "GDAL filters on the server:\n" + out);
    }

    // ----------------------------------------------------------------- helpers

    static JsonNode document() throws IOException {
        return JSON.readTree(given().get("/api").then().statusCode(200).extract().asByteArray());
    }

    static JsonNode resolve(JsonNode doc, JsonNode node) {
        JsonNode n = node;
        for (int i = 0; i < 5 && n.has("$ref"); i++) {
            n = doc.at(n.path("$ref").asText().substring(1));
        }
        return n;
    }

    static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            if (node.has("$ref")) {
                out.add(node.path("$ref").asText());
            }
            node.elements().forEachRemaining(child -> collectRefs(child, out));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectRefs(child, out));
        }
    }

    /** Runs a command with a time limit and returns its output; fails on a non-zero exit. */
    static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail(command[0] + " is not installed (gdal-bin; ./tweeling test installs it): " + e.getMessage());
            return "";
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buffer);
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 120 s");
        }
        reader.join(5000);
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
