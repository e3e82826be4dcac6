package nl.tweeling.common.problem;

import java.util.List;
import java.util.Map;

/**
 * An error that reaches the client as RFC 9457 {@code application/problem+json}. The detail is safe to
 * show: it never contains SQL, stack traces or class names. Throw it (or a factory result) anywhere; the
 * one {@link ProblemMapper} writes it.
 */
public class TweelingException extends RuntimeException {

    private final int status;
    private final String title;
    private final String parameter;
    private final List<Map<String, Object>> errors;
    private long retryAfter;
    private boolean busy;

    public TweelingException(int status, String title, String detail, String parameter, List<Map<String, Object>> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.parameter = parameter;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** 400: a request parameter (query, path or header) is malformed. */
    public static TweelingException badParameter(String parameter, String detail) {
        return new TweelingException(400, "Invalid parameter", detail, parameter, null);
    }

    /** 400: the request body is malformed; {@code errors} lists each problem found. */
    public static TweelingException badBody(String detail, List<Map<String, Object>> errors) {
        return new TweelingException(400, "Invalid request body", detail, null, errors);
    }

    public static TweelingException notFound(String detail) {
        return new TweelingException(404, "Not found", detail, null, null);
    }

    public static TweelingException unauthorized(String detail) {
        return new TweelingException(401, "Unauthorized", detail, null, null);
    }

    public static TweelingException forbidden(String detail) {
        return new TweelingException(403, "Forbidden", detail, null, null);
    }

    /** 409: the request conflicts with the resource's state (e.g. something still writes into it). */
    public static TweelingException conflict(String detail) {
        return new TweelingException(409, "Conflict", detail, null, null);
    }

    public static TweelingException tooLarge(String detail) {
        return new TweelingException(413, "Payload too large", detail, null, null);
    }

    /** 429: the caller sends faster than allowed; {@code retryAfterSeconds} goes into Retry-After. */
    public static TweelingException tooManyRequests(String detail, long retryAfterSeconds) {
        TweelingException e = new TweelingException(429, "Too many requests", detail, null, null);
        e.retryAfter = retryAfterSeconds;
        return e;
    }

    /** Seconds for a Retry-After header, or 0. */
    public long retryAfter() {
        return retryAfter;
    }

    /** 503: a backing service (database, broker) is unreachable; the client may retry. */
    public static TweelingException unavailable(String detail) {
        return new TweelingException(503, "Service unavailable", detail, null, null);
    }

    /**
     * 503: the server is too busy for this request now (the request itself is fine); with
     * {@code retryAfterSeconds} > 0 the answer carries Retry-After. Logged without a stack trace.
     */
    public static TweelingException unavailable(String detail, long retryAfterSeconds) {
        TweelingException e = new TweelingException(503, "Service unavailable", detail, null, null);
        e.retryAfter = retryAfterSeconds;
        e.busy = true;
        return e;
    }

    /** Whether this is an expected overload answer (see {@link #unavailable(String, long)}), not a fault. */
    public boolean busy() {
        return busy;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String parameter() {
        return parameter;
    }

    public List<Map<String, Object>> errors() {
        return errors;
    }
}
