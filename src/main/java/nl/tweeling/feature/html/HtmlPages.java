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

import nl.tweeling.feature.Layer;
import nl.tweeling.feature.Queryable;
import nl.tweeling.feature.api.Link;

/**
 * The HTML representations of the OGC API resources ({@code f=html}, or a browser's {@code Accept}): small,
 * readable HTML5 pages without scripts or external resources (the machines have no network), each linking
 * to its JSON alternate.
 *
 * <p>Every value from data or requests (titles, descriptions, property values, ids, URLs) is escaped for
 * HTML, and a URL is only put into an {@code href} when it is http(s) or relative, so a hostile value can
 * neither break the markup nor run script. The pages are also well-formed XML (void elements closed,
 * no named entities beyond XML's own), which the tests use to check their structure.
 *
 * <p>Pure functions of their arguments: no Quarkus types, no I/O. Thread-safe.
 *
 * <p>{@code baseUrl} is the API's base URL as {@code UriInfo.getBaseUri()} gives it, e.g.
 * {@code http://localhost:8080/}; a missing trailing slash is added.
 */
public final class HtmlPages {

    /** One operation of the API, for the {@link #api} page. */
    public record Operation(String method, String path, String summary) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CELL = 200;

    private static final String CSS = String.join("",
            "body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1d;background:#fff}",
            "header{background:#0b4f6c;color:#fff;padding:.6em 1.2em}",
            "header a{color:#fff}",
            "main{padding:0 1.2em 2em;max-width:80em}",
            "footer{padding:1em 1.2em;color:#555;border-top:1px solid #ddd}",
            "table{border-collapse:collapse;margin:.6em 0}",
            "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}",
            "th{background:#f2f5f7}",
            "td.num{text-align:right;font-variant-numeric:tabular-nums}",
            "dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}",
            "dt{font-weight:600}dd{margin:0}",
            "code{font-size:90%}",
            ".pager a{margin-right:1em}",
            ".muted{color:#666}");

    private HtmlPages() {
    }

    // ------------------------------------------------------------------ pages

    /** The landing page: title, description, the main resources and every link of the JSON landing page. */
    public static String landing(String title, String description, String baseUrl, List<Link> links) {
        String base = Urls.base(baseUrl);
        Page p = new Page(title, base + "?f=json", base);
        p.crumbs();
        p.h1(title);
        if (description != null && !description.isBlank()) {
            p.para(description);
        }
        p.raw("<ul>");
        p.raw("<li>").a(base + "collections?f=html", "Collections").text(": the spatial layers").raw("</li>");
        p.raw("<li>").a(base + "conformance?f=html", "Conformance").text(": the standards this API implements")
                .raw("</li>");
        p.raw("<li>").a(base + "api?f=html", "API definition").text(": every path and parameter (OpenAPI 3.0)")
                .raw("</li>");
        p.raw("</ul>");
        p.h2("Links");
        p.raw("<table><thead><tr><th>link</th><th>rel</th><th>type</th></tr></thead><tbody>");
        for (Link l : links) {
            p.raw("<tr><td>").a(l.href(), l.title() == null ? l.href() : l.title()).raw("</td><td>")
                    .code(l.rel()).raw("</td><td>").code(l.type()).raw("</td></tr>");
        }
        p.raw("</tbody></table>");
        return p.end();
    }

    /** The conformance declaration: one link per class. Links are relative to {@code /conformance}. */
    public static String conformance(List<String> classes) {
        Page p = new Page("Conformance", "?f=json", "./");
        p.crumbs("Conformance");
        p.h1("Conformance");
        p.para("This API implements the following conformance classes.");
        p.raw("<ul>");
        for (String c : classes) {
            p.raw("<li>").a(c, c).raw("</li>");
        }
        p.raw("</ul>");
        return p.end();
    }

    /** The collections: a table with title, id, feature count, geometry type and extent of each layer. */
    public static String collections(List<Layer> layers, String baseUrl) {
        String base = Urls.base(baseUrl);
        Page p = new Page("Collections", base + "collections?f=json", base);
        p.crumbs("Collections");
        p.h1("Collections");
        p.raw("<table><thead><tr><th>collection</th><th>id</th><th>features</th><th>geometry</th>"
                + "<th>extent (lon/lat)</th><th>data</th></tr></thead><tbody>");
        for (Layer layer : layers) {
            String c = base + "collections/" + Urls.segment(layer.id());
            p.raw("<tr><td>").a(c + "?f=html", titleOf(layer));
            if (layer.description() != null && !layer.description().isBlank()) {
                p.raw("<br /><span class=\"muted\">").text(shorten(layer.description())).raw("</span>");
            }
            p.raw("</td><td>").code(layer.id())
                    .raw("</td><td class=\"num\">").text(String.format(Locale.ROOT, "%,d", layer.featureCount()))
                    .raw("</td><td>").text(layer.geometryType())
                    .raw("</td><td>").text(extent(layer.extent()))
                    .raw("</td><td>").a(c + "/items?f=html", "items").text(" ")
                    .a(c + "/items?f=json", "GeoJSON").raw("</td></tr>");
        }
        p.raw("</tbody></table>");
        return p.end();
    }

    /** One collection: its metadata, attribute columns and links to items and queryables. */
    public static String collection(Layer layer, String baseUrl) {
        String base = Urls.base(baseUrl);
        String c = base + "collections/" + Urls.segment(layer.id());
        Page p = new Page(titleOf(layer), c + "?f=json", base);
        p.crumbs(layer);
        p.h1(titleOf(layer));
        if (layer.description() != null && !layer.description().isBlank()) {
            p.para(layer.description());
        }
        p.raw("<dl>");
        p.dt("id").raw("<dd>").code(layer.id()).raw("</dd>");
        p.dt("features").dd(String.format(Locale.ROOT, "%,d", layer.featureCount()));
        p.dt("geometry").dd(layer.geometryType());
        p.dt("spatial extent").dd(extent(layer.extent()));
        p.dt("temporal extent").dd(interval(layer.temporalStart(), layer.temporalEnd()));
        String licence = nl.tweeling.feature.Licences.url(layer);
        if (licence != null) {
            p.dt("licence").raw("<dd>").a(licence, layer.licence(), "license").raw("</dd>");
        } else {
            p.dt("licence").dd(layer.licence());
        }
        if (layer.attribution() != null && !layer.attribution().isBlank()) {
            p.dt("attribution").dd(layer.attribution());
        }
        if (!layer.keywords().isEmpty()) {
            p.dt("keywords").dd(String.join(", ", layer.keywords()));
        }
        p.dt("source").dd(layer.source());
        p.raw("</dl>");
        p.raw("<p>");
        p.a(c + "/items?f=html", "Browse the items").text(" · ").a(c + "/items?f=json", "items as GeoJSON")
                .text(" · ").a(c + "/queryables?f=html", "Queryables");
        p.raw("</p>");
        p.h2("Properties");
        p.raw("<table><thead><tr><th>name</th><th>column type</th></tr></thead><tbody>");
        for (Layer.Column col : layer.columns()) {
            p.raw("<tr><td>").code(col.property()).raw("</td><td>").text(col.type()).raw("</td></tr>");
        }
        p.raw("</tbody></table>");
        return p.end();
    }

    /**
     * A page of items: a table with id, properties and geometry type, the counts, and the page's
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

        Page p = new Page(titleOf(layer) + ": items", json, base);
        p.crumbs(layer, "Items");
        p.h1(titleOf(layer) + ": items");
        p.raw("<p>");
        int returned = features.isArray() ? features.size() : 0;
        p.text(returned + (returned == 1 ? " feature" : " features") + " on this page");
        if (fc.path("numberMatched").isNumber()) {
            p.text(String.format(Locale.ROOT, " of %,d", fc.path("numberMatched").asLong()));
        }
        if (fc.path("timeStamp").isTextual()) {
            p.text(" (" + fc.path("timeStamp").asText() + ")");
        }
        p.text(".");
        p.raw("</p>");
        pager(p, fc);

        List<String> names = propertyNames(layer, features);
        p.raw("<table><thead><tr><th>id</th>");
        for (String name : names) {
            p.raw("<th>").text(name).raw("</th>");
        }
        p.raw("<th>geometry</th></tr></thead><tbody>");
        if (features.isArray()) {
            for (JsonNode f : features) {
                String id = f.path("id").isMissingNode() || f.path("id").isNull() ? "" : f.path("id").asText();
                p.raw("<tr><td>");
                if (id.isEmpty()) {
                    p.text("");
                } else {
                    p.a(c + "/items/" + Urls.segment(id) + "?f=html", id);
                }
                p.raw("</td>");
                JsonNode props = f.path("properties");
                for (String name : names) {
                    JsonNode v = props.path(name);
                    p.raw(v.isNumber() ? "<td class=\"num\">" : "<td>").text(shorten(value(v))).raw("</td>");
                }
                p.raw("<td>").text(geometryType(f.path("geometry"))).raw("</td></tr>");
            }
        }
        p.raw("</tbody></table>");
        pager(p, fc);
        return p.end();
    }

    /**
     * One feature: its id, geometry type and a table of its properties.
     *
     * @param featureJson the GeoJSON Feature exactly as the JSON representation serves it
     */
    public static String feature(Layer layer, String featureJson, String baseUrl) {
        String base = Urls.base(baseUrl);
        String c = base + "collections/" + Urls.segment(layer.id());
        JsonNode f = parse(featureJson);
        String id = f.path("id").isMissingNode() || f.path("id").isNull() ? "" : f.path("id").asText();
        String json = c + "/items/" + Urls.segment(id) + "?f=json";

        Page p = new Page(titleOf(layer) + ": " + id, json, base);
        p.crumbs(layer, "Items", id);
        p.h1(id);
        p.raw("<dl>");
        p.dt("collection").raw("<dd>").a(c + "?f=html", titleOf(layer)).raw("</dd>");
        p.dt("geometry").dd(geometryType(f.path("geometry")));
        p.raw("</dl>");
        p.h2("Properties");
        p.raw("<table><thead><tr><th>property</th><th>value</th></tr></thead><tbody>");
        JsonNode props = f.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            p.raw("<tr><th>").text(e.getKey()).raw("</th><td>").text(value(e.getValue())).raw("</td></tr>");
        }
        p.raw("</tbody></table>");
        return p.end();
    }

    /**
     * The queryables of a collection: name, JSON type and format of each. Links are relative to
     * {@code /collections/{id}/queryables}.
     */
    public static String queryables(Layer layer, List<Queryable> queryables) {
        String collection = "../" + Urls.segment(layer.id());
        Page p = new Page(titleOf(layer) + ": queryables", "?f=json", "../../");
        p.crumbsRelative(layer, collection);
        p.h1(titleOf(layer) + ": queryables");
        p.para("Properties that filters (CQL2, or a property=value query parameter) and sorting may use.");
        p.raw("<table><thead><tr><th>name</th><th>type</th><th>format</th></tr></thead><tbody>");
        for (Queryable q : queryables) {
            p.raw("<tr><td>").code(q.name()).raw("</td><td>").text(q.type() == null ? "geometry" : q.type())
                    .raw("</td><td>").text(q.format() == null ? "" : q.format()).raw("</td></tr>");
        }
        p.raw("</tbody></table>");
        return p.end();
    }

    /**
     * The API definition for people: a link to Swagger UI, a link to the OpenAPI document, and a table of
     * the operations.
     */
    public static String api(String title, String baseUrl, String swaggerUiUrl, List<Operation> operations) {
        String base = Urls.base(baseUrl);
        Page p = new Page(title + ": API definition", base + "api?f=json", base);
        p.crumbs("API");
        p.h1(title + ": API definition");
        p.raw("<p>");
        p.a(swaggerUiUrl, "Open in Swagger UI").text(" to read and try every operation, or take ")
                .a(base + "api?f=json", "the OpenAPI 3.0 document").text(".");
        p.raw("</p>");
        p.raw("<table><thead><tr><th>method</th><th>path</th><th>summary</th></tr></thead><tbody>");
        for (Operation o : operations) {
            p.raw("<tr><td>").code(o.method().toUpperCase(Locale.ROOT)).raw("</td><td>").code(o.path())
                    .raw("</td><td>").text(o.summary()).raw("</td></tr>");
        }
        p.raw("</tbody></table>");
        return p.end();
    }

    /**
     * A JSON resource without a page of its own (datastreams, observations, jobs, harvesters) as HTML: the
     * members of {@code doc} as a definition list, its array {@code rows} (if any) as a table with a column per
     * member, links as anchors. Values are escaped; nested objects show their name, symbol or id, else their JSON.
     *
     * @param crumbs breadcrumbs after the landing page, the last one the page itself
     */
    public static String resource(String title, String requestUrl, String baseUrl, com.fasterxml.jackson.databind.JsonNode doc,
            String rows, String... crumbs) {
        String base = Urls.base(baseUrl);
        Page p = new Page(title, Urls.withFormat(requestUrl, "json"), base);
        p.crumbs(crumbs.length == 0 ? new String[] {title} : crumbs);
        p.h1(title);
        p.raw("<dl>");
        doc.fields().forEachRemaining(e -> {
            if (e.getKey().equals(rows) || e.getKey().equals("links")) {
                return;
            }
            p.dt(e.getKey()).raw("<dd>");
            cell(p, e.getValue());
            p.raw("</dd>");
        });
        p.raw("</dl>");
        com.fasterxml.jackson.databind.JsonNode list = rows == null ? null : doc.path(rows);
        if (list != null && list.isArray()) {
            java.util.LinkedHashSet<String> columns = new java.util.LinkedHashSet<>();
            list.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
            p.h2(rows + " (" + list.size() + ")");
            p.raw("<table><thead><tr>");
            for (String c : columns) {
                p.raw("<th>").text(c).raw("</th>");
            }
            p.raw("</tr></thead><tbody>");
            for (com.fasterxml.jackson.databind.JsonNode r : list) {
                p.raw("<tr>");
                for (String c : columns) {
                    p.raw("<td>");
                    cell(p, r.path(c));
                    p.raw("</td>");
                }
                p.raw("</tr>");
            }
            p.raw("</tbody></table>");
        }
        com.fasterxml.jackson.databind.JsonNode links = doc.path("links");
        if (links.isArray() && !links.isEmpty()) {
            p.h2("Links");
            p.raw("<ul>");
            for (com.fasterxml.jackson.databind.JsonNode l : links) {
                String href = l.path("href").asText("");
                p.raw("<li>").a(Urls.withFormat(href, "html"), l.path("title").asText(l.path("rel").asText(href)))
                        .text(" (" + l.path("rel").asText("") + ")").raw("</li>");
            }
            p.raw("</ul>");
        }
        return p.end();
    }

    private static void cell(Page p, com.fasterxml.jackson.databind.JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            p.text("");
        } else if (v.isArray() && v.size() > 0 && v.get(0).has("href")) {
            for (com.fasterxml.jackson.databind.JsonNode l : v) {
                p.a(Urls.withFormat(l.path("href").asText(""), "html"), l.path("rel").asText("link")).text(" ");
            }
        } else if (v.isObject()) {
            for (String k : List.of("name", "symbol", "key", "id", "type")) {
                if (v.hasNonNull(k) && !v.get(k).isContainerNode()) {
                    p.text(v.get(k).asText() + (k.equals("name") && v.hasNonNull("symbol")
                            ? " (" + v.get("symbol").asText() + ")" : ""));
                    return;
                }
            }
            p.code(shorten(v.toString()));
        } else if (v.isContainerNode()) {
            p.code(shorten(v.toString()));
        } else {
            p.text(v.asText());
        }
    }

    // ---------------------------------------------------------------- escaping

    /** Escapes text for HTML element content and (quoted) attribute values: {@code & < > " '}. */
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

    private static void pager(Page p, JsonNode fc) {
        String prev = linkHref(fc, "prev");
        if (prev == null) {
            prev = linkHref(fc, "previous");
        }
        String next = linkHref(fc, "next");
        if (prev == null && next == null) {
            return;
        }
        p.raw("<p class=\"pager\">");
        if (prev != null) {
            p.a(Urls.withFormat(prev, "html"), "« previous page", "prev");
        }
        if (next != null) {
            p.a(Urls.withFormat(next, "html"), "next page »", "next");
        }
        p.raw("</p>");
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

    private static String extent(double[] e) {
        if (e == null || e.length < 4) {
            return "";
        }
        return String.format(Locale.ROOT, "%.5f, %.5f – %.5f, %.5f", e[0], e[1], e[2], e[3]);
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

    /** Builds one page; every {@code text}, {@code code} and {@code a} call escapes its arguments. */
    private static final class Page {

        private final StringBuilder out = new StringBuilder(4096);
        private final String home;
        private final String jsonHref;

        Page(String title, String jsonHref, String home) {
            this.home = home;
            this.jsonHref = jsonHref;
            out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
                    .append("<title>").append(escape(title))
                    .append("Tweeling".equals(title) ? "" : " · Tweeling").append("</title>\n")
                    .append("<link rel=\"alternate\" type=\"application/json\" href=\"").append(href(jsonHref))
                    .append("\" />\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        }

        /** Breadcrumbs from the landing page through the given labels (the last one is the current page). */
        void crumbs(String... labels) {
            out.append("<header><nav aria-label=\"breadcrumb\">");
            a(Urls.withFormat(home, "html"), "Tweeling");
            for (String l : labels) {
                out.append(" › ");
                text(l);
            }
            out.append("</nav></header>\n<main>\n");
        }

        void crumbs(Layer layer, String... more) {
            String c = home + "collections/" + Urls.segment(layer.id());
            out.append("<header><nav aria-label=\"breadcrumb\">");
            a(Urls.withFormat(home, "html"), "Tweeling").raw(" › ");
            a(home + "collections?f=html", "Collections").raw(" › ");
            if (more.length == 0) {
                text(titleOf(layer));
            } else {
                a(c + "?f=html", titleOf(layer));
                for (int i = 0; i < more.length; i++) {
                    out.append(" › ");
                    if (i == 0 && more.length > 1) {
                        a(c + "/items?f=html", more[i]);
                    } else {
                        text(more[i]);
                    }
                }
            }
            out.append("</nav></header>\n<main>\n");
        }

        void crumbsRelative(Layer layer, String collectionHref) {
            out.append("<header><nav aria-label=\"breadcrumb\">");
            a(home + "?f=html", "Tweeling").raw(" › ");
            a(home + "collections?f=html", "Collections").raw(" › ");
            a(collectionHref + "?f=html", titleOf(layer)).raw(" › Queryables");
            out.append("</nav></header>\n<main>\n");
        }

        Page h1(String s) {
            out.append("<h1>").append(escape(s)).append("</h1>\n");
            return this;
        }

        Page h2(String s) {
            out.append("<h2>").append(escape(s)).append("</h2>\n");
            return this;
        }

        Page para(String s) {
            out.append("<p>").append(escape(s)).append("</p>\n");
            return this;
        }

        Page dt(String s) {
            out.append("<dt>").append(escape(s)).append("</dt>");
            return this;
        }

        Page dd(String s) {
            out.append("<dd>").append(escape(s)).append("</dd>");
            return this;
        }

        Page text(String s) {
            out.append(escape(s));
            return this;
        }

        Page code(String s) {
            out.append("<code>").append(escape(s)).append("</code>");
            return this;
        }

        Page raw(String markup) {
            out.append(markup);
            return this;
        }

        Page a(String href, String label) {
            return a(href, label, null);
        }

        Page a(String href, String label, String rel) {
            if (!Urls.safe(href)) {
                return text(label);
            }
            out.append("<a href=\"").append(href(href)).append('"');
            if (rel != null) {
                out.append(" rel=\"").append(escape(rel)).append('"');
            }
            out.append('>').append(escape(label)).append("</a>");
            return this;
        }

        private static String href(String href) {
            return Urls.safe(href) ? escape(href.strip()) : "#";
        }

        String end() {
            out.append("\n</main>\n<footer>This page as ");
            a(jsonHref, "JSON", "alternate");
            out.append(".</footer>\n</body>\n</html>\n");
            return out.toString();
        }
    }
}
