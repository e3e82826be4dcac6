package nl.tweeling.styles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import nl.tweeling.feature.html.HtmlPagesTestSupport;

/**
 * OGC API – Styles: the list, the MapLibre styles (checked against the style spec's structure, and the
 * collections and properties they name against the API's own), the metadata's legend against the style's
 * layers, HTML, and who sees which style.
 */
@QuarkusTest
class StylesTest {

    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";
    static final String MAPBOX = "application/vnd.mapbox.style+json";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> BASE_LAYERS = Set.of("wijken", "buurten", "buildings", "addresses", "roads", "green",
            "landcover", "facilities", "sensors");

    @TempDir
    Path tmp;

    private static RequestSpecification as(String key) {
        RequestSpecification r = given();
        return key == null ? r : r.header("X-API-Key", key);
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    @Test
    void theListNamesTheDatasetStyleAndOnePerCollection() throws Exception {
        JsonNode list = json(given().get("/styles").then().statusCode(200).contentType(startsWith("application/json"))
                .extract().asString());
        assertEquals("zwolle", list.path("default").asText());
        Set<String> ids = new HashSet<>();
        for (JsonNode s : list.path("styles")) {
            assertTrue(ids.add(s.path("id").asText()), "unique id " + s);
            JsonNode sheet = link(s.path("links"), "stylesheet");
            assertEquals(MAPBOX, sheet.path("type").asText());
            assertTrue(sheet.path("href").asText().endsWith("/styles/" + s.path("id").asText() + "?f=mapbox"));
            JsonNode md = link(s.path("links"), "describedby");
            assertTrue(md.path("href").asText().contains("/styles/" + s.path("id").asText() + "/metadata"));
        }
        assertEquals("zwolle", list.path("styles").get(0).path("id").asText());
        assertTrue(ids.containsAll(collectionIds(null)), ids.toString());
        // each stylesheet link answers in its type
        for (JsonNode s : list.path("styles")) {
            given().urlEncodingEnabled(false).accept(MAPBOX).get(link(s.path("links"), "stylesheet").path("href").asText())
                    .then().statusCode(200).contentType(startsWith(MAPBOX));
        }
        // the landing page links to the styles
        JsonNode landing = json(given().accept("application/json").get("/").then().statusCode(200).extract().asString());
        assertTrue(link(landing.path("links"), "http://www.opengis.net/def/rel/ogc/1.0/styles").path("href").asText()
                .endsWith("/styles"));
    }

    @Test
    void theZwolleStyleDrawsEveryBaseLayerFromTheDatasetTiles() throws Exception {
        String body = given().get("/styles/zwolle").then().statusCode(200).contentType(startsWith(MAPBOX))
                .extract().asString();
        assertEquals(body, given().get("/styles/zwolle?f=mapbox").then().statusCode(200).extract().asString());
        given().accept("application/json").get("/styles/zwolle").then().statusCode(200).contentType(startsWith(MAPBOX));
        JsonNode style = json(body);
        checkStructure(style);
        JsonNode source = style.path("sources").path("zwolle");
        assertEquals("vector", source.path("type").asText());
        assertTrue(source.path("url").asText().endsWith("/tiles/WebMercatorQuad?f=tilejson"), source.toString());
        assertEquals(1, style.path("sources").size());
        Set<String> drawn = new HashSet<>();
        for (JsonNode l : style.path("layers")) {
            if (!l.path("type").asText().equals("background")) {
                assertEquals("zwolle", l.path("source").asText());
                drawn.add(l.path("source-layer").asText());
            }
        }
        // every layer of the dataset tiles, nothing else (other tests add base layers of their own to the registry)
        Set<String> inTiles = new HashSet<>();
        json(given().get("/tiles/WebMercatorQuad?f=tilejson").then().statusCode(200).extract().asString())
                .path("vector_layers").forEach(l -> inTiles.add(l.path("id").asText()));
        assertEquals(inTiles, drawn, "every layer of the dataset tiles, nothing else");
        assertTrue(drawn.containsAll(BASE_LAYERS), "the city model's layers: " + drawn);
        checkNamesExist(style, null);
        // cartography: roads by class, labels of districts, sensors as circles
        Set<String> layerIds = new HashSet<>();
        style.path("layers").forEach(l -> layerIds.add(l.path("id").asText()));
        assertTrue(layerIds.containsAll(List.of("roads-motorway", "roads-arterial", "roads-local", "wijken-outline",
                "wijken-label", "buildings-fill", "landcover-water", "green-parks", "sensors-point")), layerIds.toString());
        assertEquals("circle", layer(style, "sensors-point").path("type").asText());
        assertEquals("{name}", layer(style, "wijken-label").path("layout").path("text-field").asText());
    }

    @Test
    void aCollectionStyleDrawsItFromItsOwnTiles() throws Exception {
        for (String id : List.of("roads", "green", "sensors")) {
            JsonNode style = json(given().get("/styles/" + id).then().statusCode(200).contentType(startsWith(MAPBOX))
                    .extract().asString());
            checkStructure(style);
            assertEquals(List.of(id), fieldNames(style.path("sources")));
            assertTrue(style.path("sources").path(id).path("url").asText()
                    .endsWith("/collections/" + id + "/tiles/WebMercatorQuad?f=tilejson"));
            for (JsonNode l : style.path("layers")) {
                if (!l.path("type").asText().equals("background")) {
                    assertEquals(id, l.path("source").asText());
                    assertEquals(id, l.path("source-layer").asText());
                }
            }
            checkNamesExist(style, null);
        }
    }

    @Test
    void theMetadataLegendMatchesTheStyleLayers() throws Exception {
        for (String id : List.of("zwolle", "roads", "buurten")) {
            JsonNode style = json(given().get("/styles/" + id).then().extract().asString());
            JsonNode md = json(given().get("/styles/" + id + "/metadata").then().statusCode(200)
                    .contentType(startsWith("application/json")).extract().asString());
            assertEquals(id, md.path("id").asText());
            assertEquals("style", md.path("scope").asText());
            assertEquals(MAPBOX, md.path("stylesheets").get(0).path("link").path("type").asText());
            List<String> styleLayers = new ArrayList<>();
            for (JsonNode l : style.path("layers")) {
                if (!l.path("type").asText().equals("background")) {
                    styleLayers.add(l.path("id").asText());
                }
            }
            List<String> legendLayers = new ArrayList<>();
            for (JsonNode e : md.path("legend")) {
                legendLayers.add(e.path("layer").asText());
                JsonNode l = layer(style, e.path("layer").asText());
                assertEquals(l.path("type").asText(), e.path("type").asText());
                String colourKey = switch (l.path("type").asText()) {
                    case "fill" -> "fill-color";
                    case "line" -> "line-color";
                    case "circle" -> "circle-color";
                    default -> "text-color";
                };
                assertEquals(l.path("paint").path(colourKey).asText(), e.path("colour").asText(), e.toString());
                assertEquals(l.path("source-layer").asText(), e.path("collection").asText());
                assertTrue(Set.of("points", "lines", "polygons", "any").contains(e.path("geometryType").asText()));
                assertFalse(e.path("title").asText().isBlank());
            }
            assertEquals(styleLayers, legendLayers, "one legend entry per style layer, in drawing order");
            Set<String> dataLayers = new HashSet<>();
            md.path("layers").forEach(l -> dataLayers.add(l.path("id").asText()));
            Set<String> sourceLayers = new HashSet<>();
            style.path("layers").forEach(l -> { if (l.has("source-layer")) { sourceLayers.add(l.path("source-layer").asText()); } });
            assertEquals(sourceLayers, dataLayers);
        }
    }

    @Test
    void unknownStylesAndBadParametersAreProblems() {
        given().get("/styles/nosuch").then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404));
        given().get("/styles/nosuch/metadata").then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().get("/styles/zwolle?f=sld10").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("parameter", equalTo("f"));
        given().accept("image/png").get("/styles/zwolle").then().statusCode(406)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void aLayerTheCallerMayNotSeeHasNoStyle() throws Exception {
        String layer = importLayer();
        as(ADMIN).contentType("application/merge-patch+json").body("{\"access\":\"authenticated\"}")
                .patch("/collections/" + layer).then().statusCode(200);
        String missing = "nosuch-" + UUID.randomUUID().toString().substring(0, 6);
        for (String path : List.of("", "/metadata", "?f=html", "/metadata?f=html")) {
            String hidden = given().get("/styles/" + layer + path).then().statusCode(404).extract().asString();
            String none = given().get("/styles/" + missing + path).then().statusCode(404).extract().asString();
            assertEquals(none.replace(missing, "X"), hidden.replace(layer, "X"), "hidden looks like missing");
            as(ADMIN).get("/styles/" + layer + path).then().statusCode(200);
        }
        assertFalse(given().get("/styles").then().extract().asString().contains(layer));
        assertTrue(as(ADMIN).get("/styles").then().extract().asString().contains(layer));
        assertFalse(given().get("/styles?f=html").then().extract().asString().contains(layer));
        // an imported layer gets a generic drawing: points in a colour of its own, labelled by its name
        JsonNode style = json(as(ADMIN).get("/styles/" + layer).then().extract().asString());
        checkStructure(style);
        checkNamesExist(style, ADMIN);
        assertEquals(layer + "-label", style.path("layers").get(style.path("layers").size() - 1).path("id").asText());
        // a property the caller may not see is not named by the style: the label goes
        as(ADMIN).contentType("application/merge-patch+json")
                .body("{\"access\":\"public\",\"restrictedProperties\":{\"name\":\"admin\"}}")
                .patch("/collections/" + layer).then().statusCode(200);
        String anonymous = given().get("/styles/" + layer).then().statusCode(200).extract().asString();
        assertFalse(anonymous.contains("{name}") || anonymous.contains(layer + "-label"), anonymous);
        assertTrue(as(ADMIN).get("/styles/" + layer).then().extract().asString().contains("{name}"));
        String metadata = given().get("/styles/" + layer + "/metadata").then().statusCode(200).extract().asString();
        assertFalse(metadata.contains("\"name\""), metadata);
        as(ADMIN).delete("/collections/" + layer).then().statusCode(204);
        given().get("/styles/" + layer).then().statusCode(404);
    }

    @Test
    void htmlPagesShowTheStylesAndTheLegend() throws Exception {
        org.w3c.dom.Document list = HtmlPagesTestSupport.parse(given().get("/styles?f=html").then().statusCode(200)
                .contentType(startsWith("text/html")).extract().asString());
        assertTrue(HtmlPagesTestSupport.hrefs(list).stream().anyMatch(h -> h.endsWith("/styles/zwolle?f=mapbox")));
        assertTrue(HtmlPagesTestSupport.hrefs(list).stream().anyMatch(h -> h.endsWith("/styles/roads?f=html")));
        JsonNode md = json(given().get("/styles/zwolle/metadata").then().extract().asString());
        for (String path : List.of("/styles/zwolle?f=html", "/styles/zwolle/metadata?f=html")) {
            String html = given().get(path).then().statusCode(200).contentType(startsWith("text/html")).extract().asString();
            org.w3c.dom.Document d = HtmlPagesTestSupport.parse(html);
            assertEquals(md.path("legend").size(), HtmlPagesTestSupport.count(d, "//table/tbody/tr"));
            org.w3c.dom.Element map = (org.w3c.dom.Element) HtmlPagesTestSupport.xpath(d, "//div[@id='map']");
            assertNotNull(map);
            assertTrue(map.getAttribute("data-style").endsWith("/styles/zwolle?f=mapbox"));
        }
        given().accept("text/html").get("/styles").then().statusCode(200).contentType(startsWith("text/html"));
    }

    /**
     * The styles through the MapLibre style spec's own validator ({@code gl-style-validate} of npm package
     * {@code @maplibre/maplibre-gl-style-spec}, which MapLibre GL JS brings into the viewer's node_modules at
     * build time), or the one {@code TWEELING_STYLE_SPEC} (environment or system property) points to.
     */
    @Test
    void theMapLibreValidatorAcceptsEveryStyle() throws Exception {
        Path validator = styleSpecValidator();
        org.junit.jupiter.api.Assertions.assertTrue(validator != null && Files.exists(Path.of("/usr/bin/node")),
                "no @maplibre/maplibre-gl-style-spec in src/main/webui/node_modules (the Maven build's npm ci installs it;"
                        + " or set TWEELING_STYLE_SPEC to its directory) or no /usr/bin/node");
        List<String> ids = new ArrayList<>(List.of("zwolle"));
        ids.addAll(BASE_LAYERS);
        for (String id : ids) {
            Path file = tmp.resolve(id + ".json");
            Files.writeString(file, given().get("/styles/" + id).then().statusCode(200).extract().asString());
            Process p = new ProcessBuilder("/usr/bin/node", validator.toString(), file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "validator finished");
            assertEquals(0, p.exitValue(), "style " + id + ": " + out);
            assertEquals("", out.strip(), "style " + id);
        }
    }

    /**
     * QGIS reads every style with its own converter (what "Add Vector Tile Layer" with a style URL does): every
     * style layer becomes a QGIS renderer or label style, with no warning but for fonts the machine lacks. Runs
     * where {@code python3-qgis} is installed (Debian); skipped otherwise.
     */
    @Test
    void qgisConvertsEveryStyleLayer() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/qgis/core"))
                && Files.exists(Path.of("/usr/bin/python3")), "no python3-qgis");
        Path script = tmp.resolve("qgis_convert.py");
        try (var in = StylesTest.class.getResourceAsStream("/styles/qgis_convert.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        Map<String, JsonNode> styles = new java.util.LinkedHashMap<>();
        for (String id : List.of("zwolle", "roads", "green", "wijken", "sensors")) {
            Path file = tmp.resolve("qgis-" + id + ".json");
            String body = given().get("/styles/" + id).then().statusCode(200).extract().asString();
            Files.writeString(file, body);
            styles.put(file.toString(), json(body));
            command.add(file.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("QT_QPA_PLATFORM", "offscreen");
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "QGIS finished");
        assertEquals(0, p.exitValue(), out);
        int checked = 0;
        for (String line : out.split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode r = json(line);
            JsonNode style = styles.get(r.path("file").asText());
            assertEquals(0, r.path("result").asInt(), line);
            Set<String> drawn = new HashSet<>();
            Set<String> labels = new HashSet<>();
            for (JsonNode l : style.path("layers")) {
                (l.path("type").asText().equals("symbol") ? labels : drawn).add(l.path("id").asText());
            }
            assertEquals(drawn, new HashSet<>(fieldValues(r.path("styles"))), line);
            assertEquals(labels, new HashSet<>(fieldValues(r.path("labels"))), line);
            for (JsonNode w : r.path("warnings")) {
                assertTrue(w.asText().contains("font") && w.asText().contains("not available"), "warning: " + w);
            }
            checked++;
        }
        assertEquals(styles.size(), checked, out);
    }

    private static List<String> fieldValues(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static Path styleSpecValidator() {
        String configured = System.getenv("TWEELING_STYLE_SPEC");
        if (configured == null) {
            configured = System.getProperty("TWEELING_STYLE_SPEC");
        }
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("src/main/webui/node_modules/@maplibre/maplibre-gl-style-spec"));
        for (Path c : candidates) {
            Path v = c.resolve("dist/gl-style-validate.mjs");
            if (Files.isRegularFile(v)) {
                return v;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ checks

    /** The MapLibre style spec v8, as far as these styles use it. */
    static void checkStructure(JsonNode style) {
        assertEquals(8, style.path("version").asInt());
        assertTrue(style.path("name").isTextual());
        String glyphs = style.path("glyphs").asText();
        assertTrue(glyphs.startsWith("http") && glyphs.endsWith("/fonts/{fontstack}/{range}.pbf"), glyphs);
        assertFalse(style.has("sprite"), "no sprite: the styles use none");
        assertTrue(style.path("center").isArray() && style.path("center").size() == 2);
        style.path("sources").fields().forEachRemaining(s -> {
            assertEquals("vector", s.getValue().path("type").asText());
            assertTrue(s.getValue().path("url").asText().startsWith("http"), s.toString());
        });
        assertEquals("background", style.path("layers").get(0).path("type").asText());
        Set<String> ids = new HashSet<>();
        Set<String> types = Set.of("background", "fill", "line", "circle", "symbol");
        for (JsonNode l : style.path("layers")) {
            assertTrue(ids.add(l.path("id").asText()), "unique layer id " + l);
            String type = l.path("type").asText();
            assertTrue(types.contains(type), type);
            if (!type.equals("background")) {
                assertTrue(style.path("sources").has(l.path("source").asText()), "source exists: " + l);
                assertFalse(l.path("source-layer").asText().isBlank());
            }
            l.path("paint").fields().forEachRemaining(p -> {
                assertTrue(p.getKey().startsWith(type + "-") || (type.equals("symbol") && p.getKey().startsWith("text-")),
                        p.getKey() + " in a " + type + " layer");
                if (p.getKey().endsWith("-color")) {
                    assertTrue(p.getValue().asText().matches("#[0-9a-f]{6}"), p.toString());
                }
            });
            if (type.equals("symbol")) {
                assertEquals("[\"Noto Sans Regular\"]", l.path("layout").path("text-font").toString());
            }
            if (l.has("filter")) {
                assertTrue(l.path("filter").isArray());
            }
        }
    }

    /** Every source layer is a collection the caller sees; every property a filter or label names is one of it. */
    static void checkNamesExist(JsonNode style, String key) throws Exception {
        Set<String> collections = collectionIds(key);
        for (JsonNode l : style.path("layers")) {
            if (l.path("type").asText().equals("background")) {
                continue;
            }
            String collection = l.path("source-layer").asText();
            assertTrue(collections.contains(collection), collection);
            Set<String> properties = new HashSet<>(fieldNames(json(as(key).get("/collections/" + collection
                    + "/queryables").then().statusCode(200).extract().asString()).path("properties")));
            for (String p : propertiesOf(l)) {
                assertTrue(properties.contains(p), p + " of " + collection + " in " + l);
            }
        }
    }

    /** The properties a layer's (legacy) filter compares and its label shows. */
    static Set<String> propertiesOf(JsonNode layer) {
        Set<String> out = new HashSet<>();
        collectFilter(layer.path("filter"), out);
        String field = layer.path("layout").path("text-field").asText("");
        if (field.startsWith("{") && field.endsWith("}")) {
            out.add(field.substring(1, field.length() - 1));
        }
        return out;
    }

    private static void collectFilter(JsonNode f, Set<String> out) {
        if (!f.isArray() || f.isEmpty()) {
            return;
        }
        String op = f.get(0).asText();
        if (op.equals("all") || op.equals("any") || op.equals("none")) {
            for (int i = 1; i < f.size(); i++) {
                collectFilter(f.get(i), out);
            }
        } else if (f.size() >= 2 && f.get(1).isTextual() && !f.get(1).asText().equals("$type")) {
            out.add(f.get(1).asText());
        }
    }

    static Set<String> collectionIds(String key) throws Exception {
        Set<String> ids = new HashSet<>();
        json(as(key).get("/collections").then().statusCode(200).extract().asString()).path("collections")
                .forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    static JsonNode layer(JsonNode style, String id) {
        for (JsonNode l : style.path("layers")) {
            if (l.path("id").asText().equals(id)) {
                return l;
            }
        }
        throw new AssertionError("no layer " + id);
    }

    static JsonNode link(JsonNode links, String rel) {
        for (JsonNode l : links) {
            if (l.path("rel").asText().equals(rel)) {
                return l;
            }
        }
        throw new AssertionError("no link " + rel + " in " + links);
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** An imported layer of two named points. */
    private String importLayer() throws Exception {
        String layer = "sty-" + UUID.randomUUID().toString().substring(0, 8);
        Path f = tmp.resolve(layer + ".geojson");
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"id\":1,\"properties\":{\"name\":\"Sassenpoort\",\"kind\":\"gate\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.0950,52.5105]}},"
                + "{\"type\":\"Feature\",\"id\":2,\"properties\":{\"name\":\"Peperbus\",\"kind\":\"tower\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.0905,52.5135]}}]}");
        String job = as(ADMIN).multiPart("file", f.toFile()).multiPart("layer", layer).post("/imports").then()
                .statusCode(201).extract().path("jobID");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() -> {
            String s = as(ADMIN).get("/jobs/" + job).then().extract().path("status");
            return "successful".equals(s) || "failed".equals(s);
        });
        as(ADMIN).get("/collections/" + layer).then().statusCode(200);
        return layer;
    }

}
