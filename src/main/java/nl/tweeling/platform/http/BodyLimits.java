package nl.tweeling.platform.http;

import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.platform.TweelingConfig;

/**
 * Request body limits per route. Quarkus has one limit for every route ({@code quarkus.http.limits.max-body-size}),
 * which is the upload limit ({@code tweeling.imports.max-upload-bytes}, 2 GB): uploads are streamed to files.
 * Every other body (JSON, NDJSON, ...) is read into memory, so it is held to {@code tweeling.http.max-body-bytes}
 * (16 MB) here: a declared length over the limit is answered at once with a {@code 413}
 * {@code application/problem+json} (before Quarkus' own check, which answers with an empty body, and before a
 * client that sent {@code Expect: 100-continue} sends the body); a chunked body is read here and cut off with
 * the same {@code 413} problem when it passes the limit (a chunked upload Quarkus cuts off at the upload limit).
 * See docs/import.md, "Upload size".
 */
@ApplicationScoped
public class BodyLimits {

    /** The route that takes uploads: {@code POST /imports} as {@code multipart/form-data} (ImportResource). */
    static final String UPLOAD_PATH = "/imports";

    /** The routing-context key under which Quarkus' request input streams find the limit for a chunked body. */
    static final String MAX_REQUEST_SIZE_KEY = "io.quarkus.max-request-size";

    @Inject
    TweelingConfig config;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::checkLength);
        // after Quarkus' handler, which sets the one global limit for chunked bodies
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::limitChunked);
    }

    private void checkLength(RoutingContext ctx) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1; // the HTTP codec rejects it
            }
            boolean upload = isUpload(ctx);
            long limit = upload ? config.imports().maxUploadBytes() : config.http().maxBodyBytes();
            if (length > limit) {
                reject(ctx, upload ? "The upload is " + size(length) + "; an upload may be at most " + size(limit)
                        + " (tweeling.imports.max-upload-bytes)."
                        : "The request body is " + size(length) + "; a body may be at most " + size(limit)
                                + " (tweeling.http.max-body-bytes): send the data in smaller requests, or a file to"
                                + " import as a multipart upload to POST /imports.");
                return;
            }
        }
        ctx.next();
    }

    private void limitChunked(RoutingContext ctx) {
        if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) != null) {
            ctx.next();
        } else if (isUpload(ctx)) {
            ctx.put(MAX_REQUEST_SIZE_KEY, config.imports().maxUploadBytes());
            ctx.next();
        } else if (chunked(ctx)) {
            readChunked(ctx, config.http().maxBodyBytes());
        } else {
            ctx.next(); // no body
        }
    }

    private static boolean chunked(RoutingContext ctx) {
        String te = ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /**
     * Reads a chunked body (of every route but uploads) here, up to {@code limit}: its resource reads it into
     * memory anyway, and Quarkus' own limit for chunked bodies answers with an empty 413 and logs two errors.
     * The body is handed on as the routing context's body, which Quarkus REST reads instead of the request.
     */
    private void readChunked(RoutingContext ctx, long limit) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            ctx.next(); // already read (it was small and arrived whole)
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] rejected = {false};
        request.handler(chunk -> {
            if (rejected[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                rejected[0] = true;
                reject(ctx, "The request body is over " + size(limit) + ", the most a body may be"
                        + " (tweeling.http.max-body-bytes): send the data in smaller requests, or a file to import as"
                        + " a multipart upload to POST /imports.");
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(e -> {
            if (!rejected[0]) {
                rejected[0] = true;
                ctx.fail(400, e);
            }
        });
        request.endHandler(v -> {
            if (!rejected[0]) {
                ((RoutingContextInternal) ctx).setBody(body);
                ctx.next();
            }
        });
        request.resume();
    }

    static boolean isUpload(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String path = ctx.normalizedPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return ctx.request().method() == HttpMethod.POST && UPLOAD_PATH.equals(path) && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    private void reject(RoutingContext ctx, String detail) {
        // the body is not read: close the connection once the answer is out, as Quarkus does
        RequestLimits.write(ctx, json, 413, "Payload too large", detail, true);
    }

    /** A byte count for people: {@code 17825792 bytes (17 MB)}. */
    static String size(long bytes) {
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        String unit = null;
        for (String u : units) {
            if (v < 1024) {
                break;
            }
            v /= 1024;
            unit = u;
        }
        return unit == null ? bytes + " bytes"
                : bytes + " bytes (" + (v >= 10 || v == Math.rint(v) ? String.valueOf(Math.round(v))
                        : String.format(Locale.ROOT, "%.1f", v)) + " " + unit + ")";
    }
}
