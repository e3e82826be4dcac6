package nl.tweeling.platform.http;

import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
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
 * Answers that Vert.x would write before (or instead of) a resource as {@code application/problem+json}, as
 * every other error is (docs/api.md, "Errors"):
 * <ul>
 * <li>a request URI that is not a valid URI (a malformed percent-escape: {@code /collections/%ZZ}) is a 400; Quarkus
 * would answer it first with an empty 400, unless the JVM runs with {@code -Dvertx.disableURIValidation=true},
 * which every launcher sets (app.sh, k8s, the test JVMs);</li>
 * <li>a request line over {@code tweeling.http.max-request-line-bytes} is a 414 and headers over
 * {@code tweeling.http.max-header-bytes} a 431, checked here before anything else runs. Vert.x' own limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set well above these and
 * only stop what is far too large to read at all; those answers Vert.x writes itself, with an empty body;</li>
 * <li>a request the router fails with a 4xx status (a malformed percent-escape in the path: 400; a method a
 * route does not take: 405; ...) gets a problem instead of Quarkus' empty answer.</li>
 * </ul>
 * Errors inside resources are {@link ProblemMapper}'s; bodies are {@link BodyLimits}'.
 */
@ApplicationScoped
public class RequestLimits {

    private static final Logger LOG = Logger.getLogger(RequestLimits.class);

    @Inject
    TweelingConfig config;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::checkSizes);
        // before Quarkus' error handler (the last failure handler), which ends 4xx failures with an empty body
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).failureHandler(this::failure);
    }

    private void checkSizes(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long line = request.method().name().length() + 1L + request.uri().length() + " HTTP/1.1".length();
        long maxLine = config.http().maxRequestLineBytes();
        if (line > maxLine) {
            write(ctx, json, 414, "URI too long", "The request line (method, path and query) is " + line
                    + " bytes; at most " + maxLine + " are read (tweeling.http.max-request-line-bytes). Shorten the"
                    + " query: a CQL2 filter of up to 64 KB fits even fully percent-encoded.", true);
            return;
        }
        try {
            new java.net.URI(request.uri());
        } catch (java.net.URISyntaxException e) {
            // Quarkus' own check answers an empty 400 here; it is off (-Dvertx.disableURIValidation=true, set by
            // every launcher) so that this problem is the answer
            write(ctx, json, 400, "Bad request", "The request URI is not a valid URI (" + e.getReason() + " at index "
                    + e.getIndex() + "). A '%' must be followed by two hexadecimal digits: write a literal % as %25,"
                    + " and percent-encode spaces and other characters a URI may not hold.", true);
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> h : request.headers()) {
            headers += h.getKey().length() + 2L + h.getValue().length() + 2L;
        }
        long maxHeaders = config.http().maxHeaderBytes();
        if (headers > maxHeaders) {
            write(ctx, json, 431, "Request header fields too large", "The request headers are " + headers
                    + " bytes together; at most " + maxHeaders + " are read (tweeling.http.max-header-bytes).", true);
            return;
        }
        ctx.next();
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        HttpServerResponse response = ctx.response();
        if (status < 400 || status >= 500 || response.headWritten() || response.ended()) {
            ctx.next();
            return;
        }
        String path = ctx.request().path();
        String detail = switch (status) {
            case 400 -> badRequest(ctx);
            case 404 -> "No resource at " + abbreviate(path) + ".";
            case 405 -> ctx.request().method().name() + " is not allowed on " + abbreviate(path) + ".";
            case 413 -> "The request body is larger than this server accepts (tweeling.http.max-body-bytes; an upload"
                    + " to POST /imports: tweeling.imports.max-upload-bytes).";
            case 415 -> "Content-Type " + abbreviate(String.valueOf(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)))
                    + " is not accepted here; the API document (/api) lists the accepted media types.";
            default -> reason(status) + ".";
        };
        LOG.debugf("rejected %s %s: %s", ctx.request().method(), abbreviate(path), detail);
        write(ctx, json, status, reason(status), detail, status == 400 || status == 413);
    }

    /** Why the router refused the request: a malformed percent-escape is the one a client usually meets. */
    private static String badRequest(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path != null && malformedEscape(path)) {
            return "The request path " + abbreviate(path) + " has a malformed percent-escape: % must be followed by"
                    + " two hexadecimal digits (write a literal % as %25).";
        }
        String uri = ctx.request().uri();
        if (uri != null && malformedEscape(uri)) {
            return "The query has a malformed percent-escape: % must be followed by two hexadecimal digits"
                    + " (write a literal % as %25).";
        }
        // Vert.x' own reasons (a missing Host header, an empty path) are plain English and safe to show
        Throwable cause = ctx.failure();
        return cause instanceof io.vertx.core.VertxException && cause.getMessage() != null
                ? cause.getMessage() + "." : "The request is malformed.";
    }

    static boolean malformedEscape(String s) {
        for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
            if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                return true;
            }
        }
        return false;
    }

    private static String reason(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /**
     * Writes a problem outside JAX-RS; {@code close} closes the connection once the answer is out (the request
     * or its body was not read, so the connection cannot carry another request).
     */
    static void write(RoutingContext ctx, ObjectMapper json, int status, String title, String detail, boolean close) {
        String instance = ctx.request().path();
        Problem problem = ProblemMapper.problem(status, title, detail,
                instance == null || instance.length() > 200 ? null : instance);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpServerResponse response = ctx.response();
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close").endHandler(v -> ctx.request().connection().close());
        }
        response.end(body);
    }
}
