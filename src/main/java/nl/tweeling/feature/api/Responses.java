package nl.tweeling.feature.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.feature.html.HtmlPages;

/** 200 responses of a negotiated representation, with {@code Vary: Accept} so caches keep them apart. */
public final class Responses {

    private Responses() {
    }

    /** The body (already written: JSON text or an HTML page) with the format's Content-Type. */
    static Response ok(Format format, String body) {
        return Response.ok(body, format.contentType()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    /** A JSON body written by Jackson, with the format's Content-Type. */
    static Response json(Format format, ObjectMapper json, Object body) {
        try {
            return ok(format, json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + format.mediaType(), e);
        }
    }

    /**
     * A JSON resource without a page of its own (datastreams, jobs, harvesters): {@code body} (JSON text, or an
     * object Jackson writes) as JSON, or for {@link Format#HTML} as {@link HtmlPages#resource} of it.
     */
    public static Response resource(Format format, UriInfo uri, ObjectMapper json, Object body, String title,
            String rows, String... crumbs) {
        try {
            String text = body instanceof String s ? s : json.writeValueAsString(body);
            if (format == Format.HTML) {
                return ok(format, HtmlPages.resource(title, uri.getRequestUri().toString(), uri.getBaseUri().toString(),
                        json.readTree(text), rows, crumbs));
            }
            return ok(Format.JSON, text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + title, e);
        }
    }
}
