package nl.tweeling.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.problem.TweelingException;

/**
 * The map viewer page ({@code /viewer}): the page template the build put on the classpath
 * ({@code viewer/page.html}, from src/main/webui) in Dutch or English, by {@code ?lang=} or else by
 * Accept-Language (Dutch when neither says). Its scripts and styles are static files under {@code /viewer/}.
 */
@Path("/viewer")
@Tag(name = "Maps")
public class ViewerResource {

    static final Map<String, Map<String, String>> TEXTS = Map.of(
            "nl", Map.of("title", "Tweeling – kaart van Zwolle", "nav", "Navigatie", "mapLabel", "Kaart van Zwolle"),
            "en", Map.of("title", "Tweeling – map of Zwolle", "nav", "Navigation", "mapLabel", "Map of Zwolle"));

    private volatile String template;

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

    @GET
    @Operation(summary = "The map viewer (HTML): layers, feature information, time, live sensors, statistics per area")
    public Response page(@QueryParam("lang") String lang) {
        String chosen = language(lang);
        Map<String, String> texts = TEXTS.get(chosen);
        String base = uri.getBaseUri().toString();
        String html = template().replace("{{lang}}", chosen).replace("{{base}}", escape(base))
                .replace("{{title}}", texts.get("title")).replace("{{nav}}", texts.get("nav"))
                .replace("{{mapLabel}}", texts.get("mapLabel"));
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE).build();
    }

    private String language(String lang) {
        if (lang != null && !lang.isBlank()) {
            String l = lang.strip().toLowerCase(Locale.ROOT);
            if (!TEXTS.containsKey(l)) {
                throw TweelingException.badParameter("lang", "lang must be nl or en.");
            }
            return l;
        }
        for (Locale l : headers.getAcceptableLanguages()) {
            String language = l.getLanguage().toLowerCase(Locale.ROOT);
            if (TEXTS.containsKey(language)) {
                return language;
            }
        }
        return "nl";
    }

    private String template() {
        String t = template;
        if (t == null) {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("viewer/page.html")) {
                if (in == null) {
                    throw TweelingException.unavailable("The viewer was not built into this app (src/main/webui).");
                }
                t = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            template = t;
        }
        return t;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
