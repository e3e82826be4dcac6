package nl.tweeling.platform.http;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.Problem;
import nl.tweeling.common.problem.ProblemMapper;
import nl.tweeling.platform.TweelingConfig;

/**
 * Request body limits per route. Quarkus has one limit for every route ({@code quarkus.http.limits.max-body-size}),
 * which is the upload limit ({@code tweeling.imports.max-upload-bytes}, 2 GB): uploads are streamed to files.
 * Every other body (JSON, NDJSON, ...) is read into memory, so it is held to {@code tweeling.http.max-body-bytes}
 * (16 MB) here: a declared length over the limit is answered at once with a {@code 413}
 * {@code application/problem+json} (before Quarkus' own check, which answers with an empty body, and before a
 * client that sent {@code Expect: 100-continue} sends the body); a chunked body is cut off by Quarkus when it
 * passes the limit (an empty {@code 413}). See docs/import.md, "Upload size".
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
        if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            ctx.put(MAX_REQUEST_SIZE_KEY, isUpload(ctx) ? config.imports().maxUploadBytes() : config.http().maxBodyBytes());
        }
        ctx.next();
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
        Problem problem = ProblemMapper.problem(413, "Payload too large", detail, ctx.normalizedPath());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpServerResponse response = ctx.response();
        // the body is not read: close the connection once the answer is out, as Quarkus does
        response.setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> ctx.request().connection().close());
        response.end(body);
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
