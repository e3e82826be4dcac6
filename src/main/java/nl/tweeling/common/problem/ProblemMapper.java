package nl.tweeling.common.problem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import nl.tweeling.common.param.ParameterValues;

/**
 * The one place that turns exceptions into HTTP responses: every error leaves as
 * {@code application/problem+json}. 4xx details are safe to show; 5xx bodies carry only a request id
 * that matches the server log line, never SQL, stack traces or class names.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response tweeling(TweelingException e, UriInfo uri) {
        Response r;
        if (e.status() >= 500) {
            String id = requestId();
            if (e.busy()) {
                // an overload answer, already logged where it happened: no stack trace per request
                LOG.debugf("request %s to %s: %s", id, ParameterValues.printable(uri.getPath()), e.getMessage());
            } else {
                LOG.errorf(e, "request %s failed: %s", id, e.getMessage());
            }
            r = build(e.status(), e.title(), e.getMessage(), uri, e.parameter(), id, e.errors());
        } else {
            LOG.debugf("rejected %s: %s", ParameterValues.printable(uri.getPath()), ParameterValues.printable(e.getMessage()));
            r = build(e.status(), e.title(), e.getMessage(), uri, e.parameter(), null, e.errors());
        }
        if (e.retryAfter() > 0) {
            return Response.fromResponse(r).header("Retry-After", e.retryAfter()).build();
        }
        return r;
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 404 -> "No resource at " + uri.getPath() + ".";
            case 405 -> "This method is not allowed on " + uri.getPath() + ".";
            case 406 -> "None of the requested media types can be produced; see the f parameter or the API document.";
            case 415 -> "Content-Type " + contentType(headers) + " is not accepted by " + uri.getPath() + "; the API document (/api) lists the accepted media types.";
            case 413 -> "The request body is larger than this server accepts (an upload to POST /imports:"
                    + " tweeling.imports.max-upload-bytes).";
            default -> title + ".";
        };
        Response.ResponseBuilder b = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(problem(status, title, detail, uri, null, null, null));
        if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            b.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return b.build();
    }

    /** The request's Content-Type as sent, shortened, for a 415's detail. */
    private static String contentType(HttpHeaders headers) {
        String type = headers == null ? null : headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return type == null ? "(none)" : type.length() > 100 ? type.substring(0, 100) + "…" : type;
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return build(400, "Invalid request body", "The body is not valid JSON" + where + ".", uri, null, null,
                List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String id = requestId();
        LOG.errorf(e, "request %s to %s failed", id, ParameterValues.printable(uri.getPath()));
        return build(500, "Internal server error",
                "The server could not complete the request. Report request id " + id + " to the operators.",
                uri, null, id, null);
    }

    private static Response build(int status, String title, String detail, UriInfo uri, String parameter,
            String requestId, List<Map<String, Object>> errors) {
        Response.ResponseBuilder b = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(problem(status, title, detail, uri, parameter, requestId, errors));
        if (status == 401) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tweeling\"");
        }
        return b.build();
    }

    /** A problem for an answer written outside JAX-RS (a Vert.x route); {@code instance} is the request path. */
    public static Problem problem(int status, String title, String detail, String instance) {
        return new Problem(typeFor(status), title, status, detail, instance, codeFor(status), null, null, null);
    }

    private static Problem problem(int status, String title, String detail, UriInfo uri, String parameter,
            String requestId, List<Map<String, Object>> errors) {
        return new Problem(typeFor(status), title, status, detail, uri == null ? null : uri.getPath(),
                codeFor(status), parameter, requestId, errors);
    }

    /** OGC API exception codes by status (OGC API - Common). */
    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "InvalidParameterValue";
            case 401, 403 -> "NotAuthorized";
            case 404 -> "NotFound";
            case 406 -> "NotAcceptable";
            case 413 -> "PayloadTooLarge";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            default -> status >= 500 ? "ServerError" : "InvalidRequest";
        };
    }

    private static String typeFor(int status) {
        return "https://tweeling.nl/problems/" + status;
    }

    private static String requestId() {
        return UUID.randomUUID().toString();
    }
}
