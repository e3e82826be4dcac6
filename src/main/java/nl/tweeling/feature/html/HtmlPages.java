package nl.tweeling.feature.html;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;

import nl.tweeling.feature.Layer;
import nl.tweeling.feature.Licences;
import nl.tweeling.feature.Queryable;
import nl.tweeling.feature.api.Link;

/**
 * The HTML representations of the OGC API resources ({@code f=html}, or a browser's {@code Accept}): small,
 * readable, accessible HTML5 pages, each linking to its JSON alternate. The markup lives in Qute templates
 * ({@code src/main/resources/templates/HtmlPages/*.html}, the shared frame in {@code templates/layout.html});
 * this class only prepares what they show (page models of plain strings and records).
 *
 * <p>Every value from data or requests (titles, descriptions, property values, ids, URLs) is escaped for HTML
 * by Qute (on by default for {@code .html} templates; {@link HtmlText} also replaces control characters that
 * HTML and XML do not allow), and a URL is only put into an {@code href} when it is http(s) or relative
 * ({@link Urls#safe}), so a hostile value can neither break the markup nor run script. The only script is
 * {@code /assets/map.js} (on pages with a map), which loads MapLibre GL JS from the viewer; both are served by the
 * application itself and named by constants here. The pages work without them (the map stays hidden, the
 * tables carry everything). The pages are also
 * well-formed XML (void elements closed, no named entities beyond XML's own), which the tests use to check
 * their structure.
 *
 * <p>Pure functions of their arguments (no I/O); the templates need the Quarkus application (Qute's engine),
 * so they are tested with {@code @QuarkusTest}. Thread-safe.
 *
 * <p>{@code baseUrl} is the API's base URL as {@code UriInfo.getBaseUri()} gives it, e.g.
 * {@code http://localhost:8080/}; a missing trailing slash is added.
 */
public final class HtmlPages {

    /** One operation of the API, for the {@link #api} page. */
    public record Operation(String method, String path, String summary) {
    }

    /** MapLibre GL JS and its stylesheet, served by the viewer under the API's base URL. */
    public static final String MAPLIBRE_JS = "viewer/vendor/maplibre-gl.js";
    public static final String MAPLIBRE_CSS = "viewer/vendor/maplibre-gl.css";
    /** The pages' own map script (src/main/resources/META-INF/resources/assets/map.js). */
    public static final String MAP_JS = "assets/map.js";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CELL = 200;

    // ------------------------------------------------------------ page models

    /**
     * What the frame of every page ({@code layout.html}) shows.
     *
     * @param title  the document title (already with the site name)
     * @param json   the JSON alternate's href ({@code #} when unsafe)
     * @param crumbs breadcrumbs from the landing page; the last one is the current page (no href)
     * @param map    the map's scripts, or null for a page without a map
     */
    @TemplateData
    public record Page(String title, String json, List<A> crumbs, MapAssets map) {
    }

    /** The map's stylesheet, MapLibre GL JS (loaded by the page script) and the page script. */
    @TemplateData
    public record MapAssets(String css, String library, String script) {
    }

    /** A list item: a link and a note after it. */
    @TemplateData
    public record Item(A link, String note) {
    }

    /** A link: {@code href} is null when the URL may not become an href (the label is then shown as text). */
    @TemplateData
    public record A(String href, String label, String rel) {
    }

    /** A table cell: links (if any), then text, as code when {@code code}; {@code num} aligns numbers right. */
    @TemplateData
    public record Cell(List<A> links, String text, boolean code, boolean num) {

        static Cell text(String text) {
            return new Cell(List.of(), text == null ? "" : text, false, false);
        }

        static Cell code(String text) {
            return new Cell(List.of(), text == null ? "" : text, true, false);
        }

        static Cell number(String text) {
            return new Cell(List.of(), text == null ? "" : text, false, true);
        }

        static Cell link(A link) {
            return new Cell(List.of(link), "", false, false);
        }
    }

    /** A row of a definition list: term and description (a cell). */
    @TemplateData
    public record Entry(String term, Cell value) {
    }

    /** A table: its accessible name, its column headers and rows. */
    @TemplateData
    public record Table(String label, List<String> headers, List<List<Cell>> rows) {
    }

    /** The items page's map: the GeoJSON it shows (this page as JSON), or the extent as lon/lat numbers. */
    @TemplateData
    public record MapView(String label, String geojson, String bbox, String style) {
    }

    /** A style of OGC API – Styles, for its pages; {@code collection} is null for the dataset style. */
    @TemplateData
    public record StyleSummary(String id, String title, String description, String collection) {
    }

    /** One style layer in a legend: title, colour, MapLibre layer type, geometry type and collection. */
    @TemplateData
    public record LegendRow(String title, String colour, String type, String geometry, String collection) {
    }

    @CheckedTemplate
    static class Templates {

        static native TemplateInstance landing(Page page, String heading, String description, List<Item> resources,
                Table links);

        static native TemplateInstance conformance(Page page, List<A> classes);

        static native TemplateInstance collections(Page page, List<CollectionRow> rows);

        static native TemplateInstance collection(Page page, String heading, String description,
                List<Entry> entries, List<A> actions, Table properties, MapView map);

        static native TemplateInstance items(Page page, String heading, String summary, List<A> pager,
                Table table, MapView map);

        static native TemplateInstance feature(Page page, String heading, List<Entry> entries, Table properties,
                MapView map);

        static native TemplateInstance queryables(Page page, String heading, Table table);

        static native TemplateInstance api(Page page, String heading, A swaggerUi, A openApi, Table operations);

        static native TemplateInstance styles(Page page, List<StyleRow> rows);

        static native TemplateInstance style(Page page, StyleSummary style, String description, List<A> links,
                MapView map, List<LegendRow> legend);

        static native TemplateInstance resource(Page page, String heading, List<Entry> entries, String rowsHeading,
                Table rows, List<A> links);
    }

    /** One row of the styles table. */
    @TemplateData
    public record StyleRow(A page, String id, A stylesheet, A metadata) {
    }

    /** One row of the collections table. */
    @TemplateData
    public record CollectionRow(A collection, String description, String id, String features, String geometry,
            String extent, A items, A geojson) {
    }

    private HtmlPages() {
    }

    // ------------------------------------------------------------------ pages

    /** The landing page: title, description, the main resources and every link of the JSON landing page. */
    public static String landing(String title, String description, String baseUrl, List<Link> links) {
        String base = Urls.base(baseUrl);
        Page page = page(title, base + "?f=json", List.of(new A(null, "Tweeling", null)), null);
        List<Item> resources = List.of(
                new Item(a(base + "collections?f=html", "Collections"), ": the spatial layers"),
                new Item(a(base + "styles?f=html", "Styles"), ": map styles of the layers (OGC API – Styles, MapLibre)"),
                new Item(a(base + "conformance?f=html", "Conformance"), ": the standards this API implements"),
                new Item(a(base + "api?f=html", "API definition"), ": every path and parameter (OpenAPI 3.0)"));
        List<List<Cell>> rows = new ArrayList<>();
        for (Link l : links) {
            rows.add(List.of(Cell.link(a(l.href(), l.title() == null ? l.href() : l.title())),
                    Cell.code(l.rel()), Cell.code(l.type())));
        }
        return Templates.landing(page, title, blankToNull(description), resources,
                new Table("Links of this document", List.of("link", "rel", "type"), rows)).render();
    }

    /** The conformance declaration: one link per class. Links are relative to {@code /conformance}. */
    public static String conformance(List<String> classes) {
        Page page = page("Conformance", "?f=json", crumbs("./", "Conformance"), null);
        List<A> links = new ArrayList<>();
        for (String c : classes) {
            links.add(a(c, c));
        }
        return Templates.conformance(page, links).render();
    }

    /** The collections: a table with title, id, feature count, geometry type and extent of each layer. */
    public static String collections(List<Layer> layers, String baseUrl) {
        String base = Urls.base(baseUrl);
        Page page = page("Collections", base + "collections?f=json", crumbs(base, "Collections"), null);
        List<CollectionRow> rows = new ArrayList<>();
        for (Layer layer : layers) {
            String c = base + "collections/" + Urls.segment(layer.id());
            rows.add(new CollectionRow(a(c + "?f=html", titleOf(layer)),
                    layer.description() == null || layer.description().isBlank() ? null : shorten(layer.description()),
                    layer.id(), String.format(Locale.ROOT, "%,d", layer.featureCount()), layer.geometryType(),
                    extent(layer.extent()), a(c + "/items?f=html", "items"), a(c + "/items?f=json", "GeoJSON")));
        }
        return Templates.collections(page, rows).render();
    }

    /** One collection: its metadata, a map of its extent, attribute columns and links to items and queryables. */
    public static String collection(Layer layer, String baseUrl) {
        String base = Urls.base(baseUrl);
        String c = base + "collections/" + Urls.segment(layer.id());
        MapView map = layer.extent() == null || layer.extent().length < 4 ? null
                : new MapView("Map of the extent of " + titleOf(layer), null, bbox(layer.extent()), null);
        Page page = page(titleOf(layer), c + "?f=json", crumbs(base, layer), map == null ? null : mapAssets(base));
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry("id", Cell.code(layer.id())));
        entries.add(new Entry("features", Cell.text(String.format(Locale.ROOT, "%,d", layer.featureCount()))));
        entries.add(new Entry("geometry", Cell.text(layer.geometryType())));
        entries.add(new Entry("spatial extent", Cell.text(extent(layer.extent()))));
        entries.add(new Entry("temporal extent", Cell.text(interval(layer.temporalStart(), layer.temporalEnd()))));
        String licence = Licences.url(layer);
        entries.add(new Entry("licence", licence != null ? Cell.link(a(licence, layer.licence(), "license"))
                : Cell.text(layer.licence())));
        if (layer.attribution() != null && !layer.attribution().isBlank()) {
            entries.add(new Entry("attribution", Cell.text(layer.attribution())));
        }
        if (!layer.keywords().isEmpty()) {
            entries.add(new Entry("keywords", Cell.text(String.join(", ", layer.keywords()))));
        }
        entries.add(new Entry("source", Cell.text(layer.source())));
        List<A> actions = List.of(a(c + "/items?f=html", "Browse the items"), a(c + "/items?f=json", "items as GeoJSON"),
                a(c + "/queryables?f=html", "Queryables"),
                a(base + "styles/" + Urls.segment(layer.id()) + "?f=html", "Map style"));
        List<List<Cell>> rows = new ArrayList<>();
        for (Layer.Column col : layer.columns()) {
            rows.add(List.of(Cell.code(col.property()), Cell.text(col.type())));
        }
        return Templates.collection(page, titleOf(layer), blankToNull(layer.description()), entries, actions,
                new Table("Properties of " + titleOf(layer), List.of("name", "column type"), rows), map).render();
    }

    /**
     * A page of items: a map and a table with id, properties and geometry type, the counts, and the page's
     * {@code next}/{@code prev} links taken from the JSON's {@code links} (turned into HTML links).
     *
     * @param featureCollectionJson the GeoJSON FeatureCollection exactly as the JSON representation serves it
     * @throws IllegalArgumentException when the JSON is not an object
     */
    public static String items(Layer layer, String featureCollectionJson, String baseUrl) {
        String base = Urls.base(baseUrl);
        String c = base + "collections/" + Urls.segment(layer.id());
        JsonNode fc = parse(featureCollectionJson);
        JsonNode features = fc.path("features");
        String self = linkHref(fc, "self");
        String json = self != null ? Urls.withFormat(self, "json") : c + "/items?f=json";
        String heading = titleOf(layer) + ": items";

        StringBuilder summary = new StringBuilder();
        int returned = features.isArray() ? features.size() : 0;
        summary.append(returned).append(returned == 1 ? " feature" : " features").append(" on this page");
        if (fc.path("numberMatched").isNumber()) {
            summary.append(String.format(Locale.ROOT, " of %,d", fc.path("numberMatched").asLong()));
        }
        if (fc.path("timeStamp").isTextual()) {
            summary.append(" (").append(fc.path("timeStamp").asText()).append(')');
        }
        summary.append('.');

        List<String> names = propertyNames(layer, features);
        List<String> headers = new ArrayList<>();
        headers.add("id");
        headers.addAll(names);
        headers.add("geometry");
        List<List<Cell>> rows = new ArrayList<>();
        if (features.isArray()) {
            for (JsonNode f : features) {
                String id = idOf(f);
                List<Cell> row = new ArrayList<>();
                row.add(id.isEmpty() ? Cell.text("") : Cell.link(a(c + "/items/" + Urls.segment(id) + "?f=html", id)));
                JsonNode props = f.path("properties");
                for (String name : names) {
                    JsonNode v = props.path(name);
                    String text = shorten(value(v));
                    row.add(v.isNumber() ? Cell.number(text) : Cell.text(text));
                }
                row.add(Cell.text(geometryType(f.path("geometry"))));
                rows.add(row);
            }
        }
        MapView map = Urls.safe(json) ? new MapView("Map of the features on this page", json.strip(), null, null) : null;
        Page page = page(heading, json, crumbs(base, layer, "Items"), map == null ? null : mapAssets(base));
        return Templates.items(page, heading, summary.toString(), pager(fc),
                new Table("Features on this page", headers, rows), map).render();
    }

    /**
     * One feature: its id, geometry type, a map and a table of its properties.
     *
     * @param featureJson the GeoJSON Feature exactly as the JSON representation serves it
     */
    public static String feature(Layer layer, String featureJson, String baseUrl) {
        String base = Urls.base(baseUrl);
        String c = base + "collections/" + Urls.segment(layer.id());
        JsonNode f = parse(featureJson);
        String id = idOf(f);
        String json = c + "/items/" + Urls.segment(id) + "?f=json";
        boolean located = f.path("geometry").isObject();
        MapView map = located ? new MapView("Map of feature " + id, json, null, null) : null;
        Page page = page(titleOf(layer) + ": " + id, json, crumbs(base, layer, "Items", id),
                map == null ? null : mapAssets(base));
        List<Entry> entries = List.of(new Entry("collection", Cell.link(a(c + "?f=html", titleOf(layer)))),
                new Entry("geometry", Cell.text(geometryType(f.path("geometry")))));
        List<List<Cell>> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = f.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            rows.add(List.of(Cell.text(e.getKey()), Cell.text(value(e.getValue()))));
        }
        return Templates.feature(page, id, entries,
                new Table("Properties of feature " + id, List.of("property", "value"), rows), map).render();
    }

    /**
     * The queryables of a collection: name, JSON type and format of each. Links are relative to
     * {@code /collections/{id}/queryables}.
     */
    public static String queryables(Layer layer, List<Queryable> queryables) {
        String collection = "../" + Urls.segment(layer.id());
        List<A> crumbs = List.of(a("../../?f=html", "Tweeling"), a("../../collections?f=html", "Collections"),
                a(collection + "?f=html", titleOf(layer)), new A(null, "Queryables", null));
        String heading = titleOf(layer) + ": queryables";
        Page page = page(heading, "?f=json", crumbs, null);
        List<List<Cell>> rows = new ArrayList<>();
        for (Queryable q : queryables) {
            rows.add(List.of(Cell.code(q.name()), Cell.text(q.type() == null ? "geometry" : q.type()),
                    Cell.text(q.format() == null ? "" : q.format())));
        }
        return Templates.queryables(page, heading,
                new Table("Queryables of " + titleOf(layer), List.of("name", "type", "format"), rows)).render();
    }

    /**
     * The API definition for people: a link to Swagger UI, a link to the OpenAPI document, and a table of
     * the operations.
     */
    public static String api(String title, String baseUrl, String swaggerUiUrl, List<Operation> operations) {
        String base = Urls.base(baseUrl);
        String heading = title + ": API definition";
        Page page = page(heading, base + "api?f=json", crumbs(base, "API"), null);
        List<List<Cell>> rows = new ArrayList<>();
        for (Operation o : operations) {
            rows.add(List.of(Cell.code(o.method().toUpperCase(Locale.ROOT)), Cell.code(o.path()), Cell.text(o.summary())));
        }
        return Templates.api(page, heading, a(swaggerUiUrl, "Open in Swagger UI"),
                a(base + "api?f=json", "the OpenAPI 3.0 document"),
                new Table("Operations", List.of("method", "path", "summary"), rows)).render();
    }

    /**
     * A JSON resource without a page of its own (datastreams, observations, jobs, harvesters, styles) as HTML:
     * the members of {@code doc} as a definition list, its array {@code rows} (if any) as a table with a column
     * per member, links as anchors. Values are escaped; nested objects show their name, symbol or id, else
     * their JSON.
     *
     * @param crumbs breadcrumbs after the landing page, the last one the page itself
     */
    public static String resource(String title, String requestUrl, String baseUrl, JsonNode doc, String rows,
            String... crumbs) {
        String base = Urls.base(baseUrl);
        Page page = page(title, Urls.withFormat(requestUrl, "json"), crumbs(base, crumbs.length == 0
                ? new String[] {title} : crumbs), null);
        List<Entry> entries = new ArrayList<>();
        doc.fields().forEachRemaining(e -> {
            if (!e.getKey().equals(rows) && !e.getKey().equals("links")) {
                entries.add(new Entry(e.getKey(), cell(e.getValue())));
            }
        });
        JsonNode list = rows == null ? null : doc.path(rows);
        Table table = null;
        String rowsHeading = null;
        if (list != null && list.isArray()) {
            LinkedHashSet<String> columns = new LinkedHashSet<>();
            list.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
            List<List<Cell>> cells = new ArrayList<>();
            for (JsonNode r : list) {
                List<Cell> row = new ArrayList<>();
                for (String c : columns) {
                    row.add(cell(r.path(c)));
                }
                cells.add(row);
            }
            rowsHeading = rows + " (" + list.size() + ")";
            table = new Table(rows, List.copyOf(columns), cells);
        }
        List<A> links = new ArrayList<>();
        for (JsonNode l : doc.path("links")) {
            String href = l.path("href").asText("");
            A link = a(Urls.withFormat(href, "html"), l.path("title").asText(l.path("rel").asText(href)));
            links.add(new A(link.href(), link.label() + " (" + l.path("rel").asText("") + ")", null));
        }
        return Templates.resource(page, title, entries, rowsHeading, table, links).render();
    }

    /** The styles of OGC API – Styles: a table with a link to each style's page, stylesheet and metadata. */
    public static String styles(List<StyleSummary> styles, String baseUrl) {
        String base = Urls.base(baseUrl);
        Page page = page("Styles", base + "styles?f=json", crumbs(base, "Styles"), null);
        List<StyleRow> rows = new ArrayList<>();
        for (StyleSummary s : styles) {
            String u = base + "styles/" + Urls.segment(s.id());
            rows.add(new StyleRow(a(u + "?f=html", s.title()), s.id(), a(u + "?f=mapbox", "MapLibre style"),
                    a(u + "/metadata?f=html", "metadata")));
        }
        return Templates.styles(page, rows).render();
    }

    /**
     * One style on a map (MapLibre, with the style itself) with its legend; {@code metadata} for the HTML of
     * {@code /styles/{id}/metadata}, whose JSON alternate is the metadata rather than the stylesheet.
     */
    public static String style(StyleSummary style, List<LegendRow> legend, String baseUrl, boolean metadata) {
        String base = Urls.base(baseUrl);
        String u = base + "styles/" + Urls.segment(style.id());
        List<A> crumbs = List.of(a(base + "?f=html", "Tweeling"), a(base + "styles?f=html", "Styles"),
                metadata ? a(u + "?f=html", style.title()) : new A(null, style.title(), null));
        if (metadata) {
            crumbs = new ArrayList<>(crumbs);
            crumbs.add(new A(null, "Metadata", null));
        }
        Page page = page(style.title() + (metadata ? ": metadata" : ": style"), metadata ? u + "/metadata?f=json"
                : u + "?f=json", crumbs, mapAssets(base));
        List<A> links = new ArrayList<>();
        links.add(a(u + "?f=mapbox", "MapLibre style (JSON)"));
        links.add(a(u + "/metadata?f=json", "metadata (JSON)"));
        if (style.collection() != null) {
            links.add(a(base + "collections/" + Urls.segment(style.collection()) + "?f=html", "the collection"));
        }
        MapView map = new MapView("Map in the style " + style.title(), null, null, u + "?f=mapbox");
        return Templates.style(page, style, style.description(), links, map, legend).render();
    }

    private static Cell cell(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return Cell.text("");
        } else if (v.isArray() && v.size() > 0 && v.get(0).has("href")) {
            List<A> links = new ArrayList<>();
            for (JsonNode l : v) {
                links.add(a(Urls.withFormat(l.path("href").asText(""), "html"), l.path("rel").asText("link")));
            }
            return new Cell(links, "", false, false);
        } else if (v.isObject()) {
            for (String k : List.of("name", "symbol", "key", "id", "type")) {
                if (v.hasNonNull(k) && !v.get(k).isContainerNode()) {
                    return Cell.text(v.get(k).asText() + (k.equals("name") && v.hasNonNull("symbol")
                            ? " (" + v.get("symbol").asText() + ")" : ""));
                }
            }
            return Cell.code(shorten(v.toString()));
        } else if (v.isContainerNode()) {
            return Cell.code(shorten(v.toString()));
        }
        return v.isNumber() ? Cell.number(v.asText()) : Cell.text(v.asText());
    }

    // ---------------------------------------------------------------- escaping

    /**
     * Escapes text for HTML element content and (quoted) attribute values: {@code & < > " '}, and replaces the
     * control characters HTML and XML do not allow with U+FFFD. The templates get the same through
     * {@link HtmlText}; this is for the odd string built outside a template.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            String keep = rep == null && isBadControl(c) ? "\uFFFD" : rep;
            if (keep != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(keep);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Control characters other than tab, newline and carriage return are not allowed in HTML (or XML) text. */
    private static boolean isBadControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || c == 0xfffe || c == 0xffff;
    }

    // ----------------------------------------------------------------- helpers

    private static Page page(String title, String jsonHref, List<A> crumbs, MapAssets map) {
        return new Page(title + ("Tweeling".equals(title) ? "" : " · Tweeling"),
                Urls.safe(jsonHref) ? jsonHref.strip() : "#", crumbs, map);
    }

    private static MapAssets mapAssets(String base) {
        return new MapAssets(base + MAPLIBRE_CSS, base + MAPLIBRE_JS, base + MAP_JS);
    }

    /** A link, or (for a URL that may not be an href) its label as text. */
    private static A a(String href, String label) {
        return a(href, label, null);
    }

    private static A a(String href, String label, String rel) {
        return new A(Urls.safe(href) ? href.strip() : null, label == null ? "" : label, rel);
    }

    /** Breadcrumbs: the landing page, then the labels (the last one is the current page, without link). */
    private static List<A> crumbs(String home, String... labels) {
        List<A> out = new ArrayList<>();
        out.add(a(Urls.withFormat(home, "html"), "Tweeling"));
        for (String l : labels) {
            out.add(new A(null, l, null));
        }
        return out;
    }

    /** Breadcrumbs to a collection and below it: {@code more} are Items, then a feature id. */
    private static List<A> crumbs(String home, Layer layer, String... more) {
        String c = home + "collections/" + Urls.segment(layer.id());
        List<A> out = new ArrayList<>();
        out.add(a(Urls.withFormat(home, "html"), "Tweeling"));
        out.add(a(home + "collections?f=html", "Collections"));
        if (more.length == 0) {
            out.add(new A(null, titleOf(layer), null));
            return out;
        }
        out.add(a(c + "?f=html", titleOf(layer)));
        for (int i = 0; i < more.length; i++) {
            out.add(i == 0 && more.length > 1 ? a(c + "/items?f=html", more[i]) : new A(null, more[i], null));
        }
        return out;
    }

    private static List<A> pager(JsonNode fc) {
        String prev = linkHref(fc, "prev");
        if (prev == null) {
            prev = linkHref(fc, "previous");
        }
        String next = linkHref(fc, "next");
        List<A> out = new ArrayList<>();
        if (prev != null && Urls.safe(prev)) {
            out.add(a(Urls.withFormat(prev, "html"), "« previous page", "prev"));
        }
        if (next != null && Urls.safe(next)) {
            out.add(a(Urls.withFormat(next, "html"), "next page »", "next"));
        }
        return out;
    }

    /** The href of the first link with this relation in a document's {@code links}, or null. */
    private static String linkHref(JsonNode doc, String rel) {
        for (JsonNode l : doc.path("links")) {
            if (rel.equals(l.path("rel").asText()) && l.path("href").isTextual()) {
                return l.path("href").asText();
            }
        }
        return null;
    }

    /** Property names shown as columns: the layer's columns present on the page, then any others. */
    private static List<String> propertyNames(Layer layer, JsonNode features) {
        Set<String> present = new LinkedHashSet<>();
        for (JsonNode f : features) {
            f.path("properties").fieldNames().forEachRemaining(present::add);
        }
        List<String> names = new ArrayList<>();
        for (Layer.Column c : layer.columns()) {
            if (present.remove(c.property())) {
                names.add(c.property());
            }
        }
        names.addAll(present);
        return names;
    }

    private static String idOf(JsonNode f) {
        return f.path("id").isMissingNode() || f.path("id").isNull() ? "" : f.path("id").asText();
    }

    private static String value(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        return v.toString();
    }

    private static String geometryType(JsonNode geometry) {
        return geometry.isObject() ? geometry.path("type").asText("") : "";
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode n = JSON.readTree(json == null ? "" : json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON", e);
        }
    }

    private static String titleOf(Layer layer) {
        return layer.title() == null || layer.title().isBlank() ? layer.id() : layer.title();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String extent(double[] e) {
        if (e == null || e.length < 4) {
            return "";
        }
        return String.format(Locale.ROOT, "%.5f, %.5f – %.5f, %.5f", e[0], e[1], e[2], e[3]);
    }

    /** The extent as the map script reads it: {@code minLon,minLat,maxLon,maxLat}. */
    private static String bbox(double[] e) {
        return String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f", e[0], e[1], e[2], e[3]);
    }

    private static String interval(OffsetDateTime start, OffsetDateTime end) {
        if (start == null && end == null) {
            return "";
        }
        return (start == null ? ".." : start.toInstant().toString()) + " – "
                + (end == null ? ".." : end.toInstant().toString());
    }

    private static String shorten(String s) {
        return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL) + "…";
    }
}
