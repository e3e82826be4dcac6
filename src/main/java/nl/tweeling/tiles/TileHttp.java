package nl.tweeling.tiles;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.platform.security.Caller;

/**
 * The HTTP side of tiles, shared by the tile resources: a tile with its entity tag (304 when the client has it,
 * 204 when it is empty) and cache headers, and the JSON documents of the metadata paths.
 */
final class TileHttp {

    /**
     * Tiles change when a layer does (an import, a harvest, ingestion for the sensors): clients and caches keep
     * one for a minute, then revalidate with its ETag. A tile fetched with an API key may hold what others may
     * not see, so only the caller's own cache keeps it, and shared caches keep the two apart (Vary).
     */
    static final String PUBLIC_CACHE = "public, max-age=60, must-revalidate";
    static final String PRIVATE_CACHE = "private, max-age=60, must-revalidate";
    static final String VARY = "Authorization, X-API-Key";

    private TileHttp() {
    }

    static Response tile(TileService.Tile tile, String ifNoneMatch, Caller caller) {
        String cache = caller.authenticated() ? PRIVATE_CACHE : PUBLIC_CACHE;
        if (tile.empty()) {
            return Response.noContent().header(HttpHeaders.CACHE_CONTROL, cache).header(HttpHeaders.VARY, VARY).build();
        }
        if (TileService.matches(ifNoneMatch, tile.etag())) {
            return Response.notModified().header(HttpHeaders.ETAG, tile.etag()).header(HttpHeaders.CACHE_CONTROL, cache)
                    .header(HttpHeaders.VARY, VARY).build();
        }
        return Response.ok(tile.bytes(), TileService.MVT).header(HttpHeaders.ETAG, tile.etag())
                .header(HttpHeaders.CACHE_CONTROL, cache).header(HttpHeaders.VARY, VARY).build();
    }

    /** A metadata document as JSON, or with {@code tileJson} as TileJSON (JSON with its own media type). */
    static Response json(ObjectMapper json, Object body, String mediaType) {
        try {
            return Response.ok(json.writeValueAsString(body), mediaType).header(HttpHeaders.VARY, VARY).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + mediaType, e);
        }
    }

    /**
     * Which document a tileset request asks for: {@code f=json} (or none) the tileset metadata, {@code f=tilejson}
     * TileJSON; anything else is a 400 naming f.
     */
    static boolean tileJson(Map<String, List<String>> query) {
        TileQuery.checkParameters(query, java.util.Set.of("f", "datetime"), "a tileset takes f (json or tilejson)"
                + " and datetime");
        String f = TileQuery.one(query, "f");
        if (f == null || f.equals("json")) {
            return false;
        }
        if (f.equals("tilejson")) {
            return true;
        }
        throw TweelingException.badParameter("f", "Parameter f of a tileset must be json or tilejson; it was '"
                + TileQuery.printable(f) + "'.");
    }

    /** A JSON-only document's query: at most f=json. */
    static void jsonOnly(Map<String, List<String>> query, String what) {
        TileQuery.checkParameters(query, java.util.Set.of("f"), what + " takes only f=json");
        String f = TileQuery.one(query, "f");
        if (f != null && !f.equals("json")) {
            throw TweelingException.badParameter("f", "Parameter f must be json here; it was '" + TileQuery.printable(f)
                    + "'.");
        }
    }
}
