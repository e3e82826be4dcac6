package nl.tweeling.feature.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import nl.tweeling.common.problem.TweelingException;

/** Content negotiation: f first, then Accept, then the resource's default; 400 and 406 when nothing fits. */
class FormatTest {

    static final String BROWSER =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    static final String GDAL_ITEMS = "application/geo+json, application/json";
    static final String GDAL_API =
            "application/vnd.oai.openapi+json;version=3.0, application/openapi+json;version=3.0, application/json";

    @Test
    void withoutFAndAcceptTheFirstOfferedFormatIsServed() {
        assertEquals(Format.JSON, Format.choose(null, null, Format.JSON, Format.HTML));
        assertEquals(Format.JSON, Format.choose(null, "", Format.JSON, Format.HTML));
        assertEquals(Format.GEOJSON, Format.choose(null, "*/*", Format.GEOJSON, Format.HTML));
        assertEquals(Format.OPENAPI, Format.choose("", "*/*", Format.OPENAPI, Format.HTML));
    }

    @Test
    void browsersGetHtml() {
        assertEquals(Format.HTML, Format.choose(null, BROWSER, Format.JSON, Format.HTML));
        assertEquals(Format.HTML, Format.choose(null, BROWSER, Format.GEOJSON, Format.HTML));
        assertEquals(Format.HTML, Format.choose(null, BROWSER, Format.OPENAPI, Format.HTML));
        assertEquals(Format.HTML, Format.choose(null, "text/*", Format.JSON, Format.HTML));
        assertEquals(Format.HTML, Format.choose(null, "TEXT/HTML", Format.JSON, Format.HTML));
    }

    @Test
    void jsonClientsGetTheirJson() {
        assertEquals(Format.GEOJSON, Format.choose(null, GDAL_ITEMS, Format.GEOJSON, Format.HTML));
        assertEquals(Format.JSON, Format.choose(null, GDAL_ITEMS, Format.JSON, Format.HTML));
        assertEquals(Format.OPENAPI, Format.choose(null, GDAL_API, Format.OPENAPI, Format.HTML));
        // application/json also names the JSON representations that are JSON underneath
        assertEquals(Format.OPENAPI, Format.choose(null, "application/json", Format.OPENAPI, Format.HTML));
        assertEquals(Format.GEOJSON, Format.choose(null, "application/json", Format.GEOJSON, Format.HTML));
        assertEquals(Format.JSON_SCHEMA, Format.choose(null, "application/json", Format.JSON_SCHEMA, Format.HTML));
        assertEquals(Format.JSON, Format.choose(null, "application/*", Format.HTML, Format.JSON));
    }

    @Test
    void qualitiesDecideAndTiesGoToTheFirstOffered() {
        assertEquals(Format.HTML, Format.choose(null, "application/json;q=0.5, text/html;q=0.9",
                Format.JSON, Format.HTML));
        assertEquals(Format.JSON, Format.choose(null, "text/html;q=0, */*", Format.JSON, Format.HTML));
        assertEquals(Format.HTML, Format.choose(null, "application/json;q=0, */*", Format.JSON, Format.HTML));
        assertEquals(Format.JSON, Format.choose(null, "text/html, application/json", Format.JSON, Format.HTML));
        // the most specific range decides: application/geo+json;q=1 beats application/json;q=0.1 for GeoJSON
        assertEquals(Format.GEOJSON, Format.choose(null, "application/json;q=0.1, application/geo+json, text/html;q=0.5",
                Format.GEOJSON, Format.HTML));
    }

    @Test
    void fWinsOverAccept() {
        assertEquals(Format.HTML, Format.choose("html", "application/json", Format.JSON, Format.HTML));
        assertEquals(Format.JSON, Format.choose("json", BROWSER, Format.JSON, Format.HTML));
        assertEquals(Format.GEOJSON, Format.choose("json", BROWSER, Format.GEOJSON, Format.HTML));
        assertEquals(Format.GEOJSON, Format.choose("geojson", null, Format.GEOJSON, Format.HTML));
        assertEquals(Format.JSON, Format.choose("geojson", null, Format.JSON, Format.HTML));
        assertEquals(Format.OPENAPI, Format.choose("JSON", "image/png", Format.OPENAPI, Format.HTML));
        // f also rescues a request whose Accept allows nothing offered
        assertEquals(Format.HTML, Format.choose("html", "image/png", Format.JSON, Format.HTML));
    }

    @Test
    void unknownFIsA400NamingF() {
        for (String f : new String[] {"xml", "htm", "<script>", "json;html"}) {
            TweelingException e = assertThrows(TweelingException.class,
                    () -> Format.choose(f, null, Format.JSON, Format.HTML));
            assertEquals(400, e.status());
            assertEquals("f", e.parameter());
            assertTrue(e.getMessage().contains("json, html"), e.getMessage());
        }
        TweelingException e = assertThrows(TweelingException.class,
                () -> Format.choose("html", null, Format.GEOJSON));
        assertEquals(400, e.status());
    }

    @Test
    void anAcceptThatAllowsNothingOfferedIsA406() {
        for (String accept : new String[] {"image/png", "application/xml", "text/plain", "*/*;q=0",
                "application/json;q=0, text/html;q=0"}) {
            TweelingException e = assertThrows(TweelingException.class,
                    () -> Format.choose(null, accept, Format.JSON, Format.HTML), accept);
            assertEquals(406, e.status(), accept);
            assertTrue(e.getMessage().contains("application/json") && e.getMessage().contains("text/html"));
        }
        assertEquals(406, assertThrows(TweelingException.class,
                () -> Format.choose(null, "text/html", Format.GEOJSON)).status());
    }

    @Test
    void malformedAcceptRangesAreIgnored() {
        assertEquals(Format.JSON, Format.choose(null, "garbage", Format.JSON, Format.HTML));
        assertEquals(Format.JSON, Format.choose(null, "text/html;q=abc", Format.JSON, Format.HTML));
        assertEquals(Format.HTML, Format.choose(null, "nonsense, text/html", Format.JSON, Format.HTML));
        assertEquals(Format.JSON, Format.choose(null, "*/html, /json, text/", Format.JSON, Format.HTML));
    }

    @Test
    void mediaTypes() {
        assertEquals("application/vnd.oai.openapi+json;version=3.0", Format.OPENAPI.mediaType());
        assertEquals("application/geo+json", Format.GEOJSON.mediaType());
        assertEquals("application/schema+json", Format.JSON_SCHEMA.mediaType());
        assertEquals("text/html;charset=UTF-8", Format.HTML.contentType());
        assertEquals("application/json", Format.JSON.contentType());
        assertEquals("html", Format.HTML.parameterValue());
    }
}
