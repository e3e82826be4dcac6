package nl.tweeling.common.problem;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details, with the extensions Tweeling adds: {@code code} (OGC exception code),
 * {@code parameter} (the offending request parameter), {@code requestId} (to find the log line) and
 * {@code errors} (one entry per problem in a request body).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        String parameter,
        String requestId,
        List<Map<String, Object>> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
