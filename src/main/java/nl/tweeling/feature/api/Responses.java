package nl.tweeling.feature.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** 200 responses of a negotiated representation, with {@code Vary: Accept} so caches keep them apart. */
final class Responses {

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
}
