package nl.tweeling.feature.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import nl.tweeling.feature.Layer;
import nl.tweeling.feature.Queryable;
import nl.tweeling.feature.api.Link;

/**
 * The HTML pages, fed hostile values. Each page is parsed as XML (the pages are well-formed on purpose), so
 * an unescaped value would show up as an element or attribute, or break the parse. A Quarkus test because the
 * pages are Qute templates rendered by the application's engine (with its escaping).
 */
@QuarkusTest
class HtmlPagesTest {

    static final String BASE = "http://localhost:8080/";
    static final String HOSTILE = "<script>alert('x')</script> & \"quoted\" <b onmouseover=\"x()\">";
    static final String HOSTILE_ID = "a\"b<c>&d/e f";

    static final Layer HOSTILE_LAYER = new Layer(HOSTILE_ID, HOSTILE, "Description " + HOSTILE, "tweeling",
            "t", "MultiPolygon", "source " + HOSTILE, "licence " + HOSTILE, 1234,
            new double[] {6.0, 52.4, 6.2, 52.6}, OffsetDateTime.parse("2024-01-01T00:00:00Z"), null,
            List.of(new Layer.Column("name", "text"), new Layer.Column("<i>col</i>", "int4")));

    static final Layer PLAIN_LAYER = new Layer("wijken", "Wijken", "Districts", "tweeling", "wijken",
            "MultiPolygon", "sample", "CC0", 16, null, null, null,
            List.of(new Layer.Column("name", "text"), new Layer.Column("residents", "int4")));

    @Test
    void escapeCoversTheFiveCharactersAndLeavesTheRest() {
        assertEquals("&lt;script&gt;a&amp;b&quot;c&#39;d&lt;/script&gt;", HtmlPages.escape("<script>a&b\"c'd</script>"));
        assertEquals("Zwolle – Assendorp €", HtmlPages.escape("Zwolle – Assendorp €"));
        assertEquals("", HtmlPages.escape(null));
        assertEquals("a\uFFFDb", HtmlPages.escape("a\u0000b"));
    }

    @Test
    void everyPageIsWellFormedAndLinksToItsJsonAlternate() throws Exception {
        for (String html : allPages(HOSTILE_LAYER)) {
            Document d = parse(html);
            assertEquals("html", d.getDocumentElement().getTagName());
            assertTrue(html.startsWith("<!DOCTYPE html>\n"));
            assertNotNull(xpath(d, "/html/head/meta[@charset='utf-8']"), "charset");
            Element alternate = (Element) xpath(d, "/html/head/link[@rel='alternate'][@type='application/json']");
            assertNotNull(alternate, "JSON alternate in head of\n" + html);
            assertTrue(alternate.getAttribute("href").contains("f=json"), alternate.getAttribute("href"));
            Element footer = (Element) xpath(d, "//footer/a[@rel='alternate']");
            assertEquals(alternate.getAttribute("href"), footer.getAttribute("href"));
        }
    }

    @Test
    void hostileValuesStayText() throws Exception {
        for (String html : allPages(HOSTILE_LAYER)) {
            Document d = parse(html);
            // the only scripts are the map's, from the application itself, with no content of their own
            assertEquals(0, count(d, "//script[not(@src='" + BASE + HtmlPages.MAP_JS + "')]"),
                    "no script element from data in\n" + html);
            assertEquals(0, count(d, "//script[normalize-space(.) != '']"), "scripts have no inline content");
            assertEquals(0, count(d, "//b | //i"), "no element made from data in\n" + html);
            assertEquals(0, count(d, "//*[@onmouseover]"), "no attribute made from data");
            assertFalse(html.contains("<script>"), html);
        }
        // the values are shown, as text
        Document collection = parse(HtmlPages.collection(HOSTILE_LAYER, BASE));
        assertEquals(HOSTILE, text(collection, "//h1"));
        assertTrue(collection.getDocumentElement().getTextContent().contains("licence " + HOSTILE));
        assertTrue(collection.getDocumentElement().getTextContent().contains("<i>col</i>"));
        assertTrue(text(collection, "/html/head/title").startsWith(HOSTILE));
    }

    @Test
    void idsInUrlsArePercentEncoded() throws Exception {
        Document d = parse(HtmlPages.collections(List.of(HOSTILE_LAYER, PLAIN_LAYER), BASE));
        List<String> hrefs = hrefs(d);
        assertTrue(hrefs.contains(BASE + "collections/a%22b%3Cc%3E%26d%2Fe%20f?f=html"), hrefs.toString());
        assertTrue(hrefs.contains(BASE + "collections/wijken/items?f=html"), hrefs.toString());
        assertTrue(hrefs.contains(BASE + "collections/wijken/items?f=json"), hrefs.toString());
        assertTrue(d.getDocumentElement().getTextContent().contains("1,234"));
    }

    @Test
    void itemsPageHasATableAndHtmlPagingLinksFromTheJson() throws Exception {
        String json = """
                {"type":"FeatureCollection","features":[
                  {"type":"Feature","id":"w1","geometry":{"type":"MultiPolygon","coordinates":[]},
                   "properties":{"residents":1200,"name":"<script>alert(1)</script>","extra":{"a":[1,2]}}},
                  {"type":"Feature","id":"w/2","geometry":null,"properties":{"name":"Assendorp & Co","residents":null}}],
                 "numberReturned":2,"numberMatched":16,"timeStamp":"2026-01-01T00:00:00Z",
                 "links":[
                  {"href":"http://localhost:8080/collections/wijken/items?limit=2&f=json","rel":"self","type":"application/geo+json"},
                  {"href":"http://localhost:8080/collections/wijken/items?limit=2&cursor=abc&bbox=1%2C2%2C3%2C4","rel":"next","type":"application/geo+json"},
                  {"href":"javascript:alert(1)","rel":"prev","type":"application/geo+json"}]}
                """;
        String html = HtmlPages.items(PLAIN_LAYER, json, BASE);
        Document d = parse(html);
        List<String> headers = texts(d, "//table/thead/tr/th");
        // the layer's columns first (in table order), then other properties, then the geometry type
        assertEquals(List.of("id", "name", "residents", "extra", "geometry"), headers);
        assertEquals(2, count(d, "//table/tbody/tr"));
        assertEquals(List.of("w1", "<script>alert(1)</script>", "1200", "{\"a\":[1,2]}", "MultiPolygon"),
                texts(d, "//table/tbody/tr[1]/td"));
        assertEquals(List.of("w/2", "Assendorp & Co", "", "", ""), texts(d, "//table/tbody/tr[2]/td"));
        assertEquals(BASE + "collections/wijken/items/w%2F2?f=html", attr(d, "//table/tbody/tr[2]/td[1]/a", "href"));

        Element next = (Element) xpath(d, "//a[@rel='next']");
        assertEquals("http://localhost:8080/collections/wijken/items?limit=2&cursor=abc&bbox=1%2C2%2C3%2C4&f=html",
                next.getAttribute("href"));
        // a link that is not http(s) or relative never becomes an href
        assertFalse(html.contains("javascript:"), html);
        assertEquals(0, count(d, "//a[@rel='prev']"));
        // the JSON alternate is the self link in JSON
        assertEquals("http://localhost:8080/collections/wijken/items?limit=2&f=json",
                attr(d, "/html/head/link[@rel='alternate']", "href"));
        assertTrue(d.getDocumentElement().getTextContent().contains("2 features on this page of 16"));
    }

    @Test
    void itemsPageWithoutLinksOrFeatures() throws Exception {
        Document d = parse(HtmlPages.items(PLAIN_LAYER, "{\"type\":\"FeatureCollection\",\"features\":[]}", BASE));
        assertEquals(0, count(d, "//table/tbody/tr"));
        assertEquals(0, count(d, "//p[@class='pager']"));
        assertEquals(BASE + "collections/wijken/items?f=json", attr(d, "/html/head/link[@rel='alternate']", "href"));
        assertThrows(IllegalArgumentException.class, () -> HtmlPages.items(PLAIN_LAYER, "[1,2]", BASE));
        assertThrows(IllegalArgumentException.class, () -> HtmlPages.items(PLAIN_LAYER, "{not json", BASE));
    }

    @Test
    void featurePageListsPropertiesAndLinksBack() throws Exception {
        String json = "{\"type\":\"Feature\",\"id\":\"" + "x<y" + "\",\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[6.1,52.5]},\"properties\":{\"name\":\"" + "Grote Kerk & <toren>"
                + "\",\"height\":75.5,\"open\":true}}";
        Document d = parse(HtmlPages.feature(PLAIN_LAYER, json, BASE));
        assertEquals("x<y", text(d, "//h1"));
        assertEquals(List.of("name", "height", "open"), texts(d, "//table/tbody/tr/th"));
        assertEquals(List.of("Grote Kerk & <toren>", "75.5", "true"), texts(d, "//table/tbody/tr/td"));
        assertEquals(BASE + "collections/wijken/items/x%3Cy?f=json", attr(d, "/html/head/link[@rel='alternate']", "href"));
        assertTrue(hrefs(d).contains(BASE + "collections/wijken?f=html"));
        assertTrue(hrefs(d).contains(BASE + "collections/wijken/items?f=html"));
    }

    @Test
    void queryablesPageUsesRelativeLinks() throws Exception {
        List<Queryable> qs = List.of(new Queryable("name", "string", null, "name"),
                new Queryable("valid_from", "string", "date-time", "valid_from"),
                new Queryable("geometry", null, "geometry-multipolygon", "geom"));
        Document d = parse(HtmlPages.queryables(PLAIN_LAYER, qs));
        assertEquals(List.of("name", "string", "", "valid_from", "string", "date-time", "geometry", "geometry",
                "geometry-multipolygon"), texts(d, "//table/tbody/tr/td"));
        assertEquals("?f=json", attr(d, "/html/head/link[@rel='alternate']", "href"));
        assertTrue(hrefs(d).contains("../wijken?f=html"), hrefs(d).toString());
        assertTrue(hrefs(d).contains("../../collections?f=html"), hrefs(d).toString());
    }

    @Test
    void landingAndConformanceAndApi() throws Exception {
        List<Link> links = List.of(new Link(BASE, "self", "application/json", "This <document>"),
                new Link(BASE + "api", "service-desc", "application/vnd.oai.openapi+json;version=3.0", null),
                new Link("javascript:alert(1)", "evil", "text/html", "evil"));
        String landingHtml = HtmlPages.landing("Tweeling & co", HOSTILE, BASE, links);
        Document landing = parse(landingHtml);
        assertEquals("Tweeling & co", text(landing, "//h1"));
        assertTrue(hrefs(landing).containsAll(List.of(BASE + "collections?f=html", BASE + "conformance?f=html",
                BASE + "api?f=html", BASE, BASE + "api")), hrefs(landing).toString());
        assertFalse(landingHtml.contains("javascript:"));
        assertEquals(BASE + "?f=json", attr(landing, "/html/head/link[@rel='alternate']", "href"));

        List<String> classes = List.of("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text");
        Document conformance = parse(HtmlPages.conformance(classes));
        assertEquals(classes, texts(conformance, "//main/ul/li/a"));
        assertEquals("?f=json", attr(conformance, "/html/head/link[@rel='alternate']", "href"));

        Document api = parse(HtmlPages.api("Tweeling API", BASE, BASE + "q/swagger-ui/?urls.primaryName=tweeling",
                List.of(new HtmlPages.Operation("get", "/collections/{id}/items", "Features <of> a layer"))));
        assertTrue(hrefs(api).contains(BASE + "q/swagger-ui/?urls.primaryName=tweeling"));
        assertEquals(List.of("GET", "/collections/{id}/items", "Features <of> a layer"),
                texts(api, "//table/tbody/tr/td"));
    }

    @Test
    void everyPageIsAccessibleMarkup() throws Exception {
        for (String html : allPages(HOSTILE_LAYER)) {
            Document d = parse(html);
            assertEquals("en", attr(d, "/html", "lang"));
            assertTrue(text(d, "/html/head/title").endsWith("Tweeling"), html);
            // a skip link to the main landmark, which exists once
            assertEquals("#main", attr(d, "/html/body/a[1]", "href"));
            assertEquals(1, count(d, "//main[@id='main']"));
            assertEquals(1, count(d, "//header/nav[@aria-label]"));
            assertEquals(1, count(d, "//footer"));
            // one h1, then h2s only: no heading level skipped
            assertEquals(1, count(d, "//h1"), html);
            assertEquals(0, count(d, "//h3 | //h4 | //h5 | //h6"), html);
            assertEquals(0, count(d, "//h2[not(preceding::h1)]"), html);
            // every table has a name and header cells with a scope
            assertEquals(0, count(d, "//table[not(@aria-label) or normalize-space(@aria-label) = '']"), html);
            assertEquals(0, count(d, "//th[not(@scope)]"), html);
            // every link has text
            assertEquals(0, count(d, "//a[normalize-space(.) = '']"), html);
            // the current page is marked in the breadcrumbs
            assertEquals(1, count(d, "//nav//*[@aria-current='page']"), html);
        }
    }

    @Test
    void controlCharactersInDataAreReplaced() throws Exception {
        Layer layer = new Layer("c", "bell\u0007 and nul\u0000", "d\u001b", "tweeling", "c", "Point", "s", "CC0", 1,
                null, null, null, List.of(new Layer.Column("name", "text")));
        String f = "{\"type\":\"Feature\",\"id\":\"x\\u0001y\",\"geometry\":null,\"properties\":{\"name\":\"a\\u0002b\"}}";
        for (String html : List.of(HtmlPages.collection(layer, BASE), HtmlPages.feature(layer, f, BASE),
                HtmlPages.collections(List.of(layer), BASE))) {
            Document d = parse(html); // XML refuses these characters: the parse itself is the test
            assertTrue(d.getDocumentElement().getTextContent().contains("\uFFFD"), html);
        }
        assertEquals("x\uFFFDy", text(parse(HtmlPages.feature(layer, f, BASE)), "//h1"));
    }

    @Test
    void itemsFeatureAndCollectionPagesHaveAMapOfTheirOwnJson() throws Exception {
        String fc = "{\"type\":\"FeatureCollection\",\"features\":[],\"links\":[{\"rel\":\"self\","
                + "\"href\":\"http://localhost:8080/collections/wijken/items?limit=2&f=json\"}]}";
        Document items = parse(HtmlPages.items(PLAIN_LAYER, fc, BASE));
        Element map = (Element) xpath(items, "//main/div[@id='map']");
        assertNotNull(map);
        assertEquals(attr(items, "/html/head/link[@rel='alternate']", "href"), map.getAttribute("data-geojson"));
        assertEquals("hidden", map.getAttribute("hidden"), "hidden until the script shows it");
        assertEquals("region", map.getAttribute("role"));
        assertFalse(map.getAttribute("aria-label").isBlank());
        assertMapAssets(items);
        // the table stays: the map is an addition
        assertEquals(1, count(items, "//table"));

        String f = "{\"type\":\"Feature\",\"id\":\"w1\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.1,52.5]},\"properties\":{}}";
        Document feature = parse(HtmlPages.feature(PLAIN_LAYER, f, BASE));
        assertEquals(BASE + "collections/wijken/items/w1?f=json", attr(feature, "//div[@id='map']", "data-geojson"));
        assertMapAssets(feature);
        // no geometry, no map (and no scripts)
        Document unlocated = parse(HtmlPages.feature(PLAIN_LAYER, f.replace("{\"type\":\"Point\",\"coordinates\":[6.1,52.5]}", "null"), BASE));
        assertEquals(0, count(unlocated, "//div[@id='map'] | //script"));

        Layer located = new Layer("wijken", "Wijken", "d", "tweeling", "wijken", "MultiPolygon", "s", "CC0", 16,
                new double[] {6.0, 52.4, 6.2, 52.6}, null, null, List.of());
        Document collection = parse(HtmlPages.collection(located, BASE));
        assertEquals("6.000000,52.400000,6.200000,52.600000", attr(collection, "//div[@id='map']", "data-bbox"));
        assertMapAssets(collection);
        assertTrue(hrefs(collection).contains(BASE + "styles/wijken?f=html"), hrefs(collection).toString());
        // an empty layer has no extent: no map
        assertEquals(0, count(parse(HtmlPages.collection(PLAIN_LAYER, BASE)), "//div[@id='map'] | //script"));
        // pages without a map load no script
        assertEquals(0, count(parse(HtmlPages.collections(List.of(located), BASE)), "//script"));
    }

    private static void assertMapAssets(Document d) throws Exception {
        // one script: the page's own, which loads MapLibre (an ES module or a classic build) from the viewer
        assertEquals(List.of(BASE + HtmlPages.MAP_JS), texts(d, "/html/head/script/@src"));
        assertEquals(BASE + HtmlPages.MAPLIBRE_JS, attr(d, "/html/head/script", "data-maplibre"));
        assertEquals(BASE + HtmlPages.MAPLIBRE_CSS, attr(d, "/html/head/link[@rel='stylesheet']", "href"));
    }

    @Test
    void formatSwitchKeepsOtherParameters() {
        assertEquals("/a?x=1&f=html", Urls.withFormat("/a?x=1&f=json", "html"));
        assertEquals("/a?f=html#top", Urls.withFormat("/a#top", "html"));
        assertEquals("/a?fx=1&f=json", Urls.withFormat("/a?fx=1&f=html&f", "json"));
        assertTrue(Urls.safe("?f=json"));
        assertTrue(Urls.safe("../x?f=a:b"));
        assertFalse(Urls.safe("javascript:alert(1)"));
        assertFalse(Urls.safe(" JavaScript:alert(1)"));
        assertFalse(Urls.safe("data:text/html,x"));
        assertFalse(Urls.safe("//evil.example/x"));
    }

    // ----------------------------------------------------------------- helpers

    static List<String> allPages(Layer layer) {
        String fc = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"" + "<b>1</b>"
                + "\",\"geometry\":null,\"properties\":{\"name\":\"" + HOSTILE.replace("\"", "\\\"")
                + "\"}}],\"links\":[{\"rel\":\"next\",\"href\":\"?cursor=%3Cscript%3E&x=\\\"><script>\"}]}";
        String f = "{\"type\":\"Feature\",\"id\":\"<b>1</b>\",\"geometry\":null,\"properties\":{\"<i>k</i>\":\""
                + HOSTILE.replace("\"", "\\\"") + "\"}}";
        return List.of(
                HtmlPages.landing(HOSTILE, HOSTILE, BASE, List.of(new Link(BASE + "?x=\"><script>", HOSTILE, HOSTILE, HOSTILE))),
                HtmlPages.conformance(List.of(HOSTILE, "http://x/\"><script>")),
                HtmlPages.collections(List.of(layer), BASE),
                HtmlPages.collection(layer, BASE),
                HtmlPages.items(layer, fc, BASE),
                HtmlPages.feature(layer, f, BASE),
                HtmlPages.queryables(layer, List.of(new Queryable(HOSTILE, "string", HOSTILE, "c"))),
                HtmlPages.api(HOSTILE, BASE, BASE + "q/swagger-ui", List.of(new HtmlPages.Operation(HOSTILE, HOSTILE, HOSTILE))),
                HtmlPages.resource(HOSTILE, BASE + "x?y=\"><script>", BASE, hostileResource(), "rows", HOSTILE, HOSTILE));
    }

    /** A JSON resource with hostile members, rows, nested objects and links. */
    static com.fasterxml.jackson.databind.JsonNode hostileResource() {
        com.fasterxml.jackson.databind.node.ObjectNode doc = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        doc.put(HOSTILE, HOSTILE);
        doc.putObject("unit").put("name", HOSTILE).put("symbol", HOSTILE);
        doc.putArray("rows").addObject().put(HOSTILE, HOSTILE).put("n", 1).putArray("links").addObject()
                .put("href", "javascript:alert(1)").put("rel", HOSTILE);
        doc.putArray("links").addObject().put("href", BASE + "?\"><script>").put("rel", HOSTILE).put("title", HOSTILE);
        return doc;
    }

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static Object xpath(Document d, String expression) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expression, d, XPathConstants.NODE);
    }

    static int count(Document d, String expression) throws Exception {
        return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(expression, d, XPathConstants.NODESET))
                .getLength();
    }

    static String text(Document d, String expression) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expression, d);
    }

    static String attr(Document d, String expression, String name) throws Exception {
        Element e = (Element) xpath(d, expression);
        assertNotNull(e, expression);
        return e.getAttribute(name);
    }

    static List<String> texts(Document d, String expression) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(expression, d, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    static List<String> hrefs(Document d) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate("//a/@href", d, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getNodeValue());
        }
        return out;
    }
}
