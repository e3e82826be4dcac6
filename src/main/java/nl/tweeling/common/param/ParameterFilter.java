package nl.tweeling.common.param;

import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Refuses a NUL character ({@code %00}) in any path or query parameter of any JAX-RS request, before a
 * resource sees it: a {@code 400} naming the parameter (the path template's name, e.g. {@code featureId}).
 * PostgreSQL cannot store or compare text with NUL, so such a value would otherwise fail its statement as
 * a 500. The parameter's value is never logged.
 */
public class ParameterFilter {

    @ServerRequestFilter
    public void refuseNul(ContainerRequestContext request) {
        check(request.getUriInfo().getPathParameters());
        check(request.getUriInfo().getQueryParameters());
    }

    private static void check(Map<String, List<String>> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getKey().indexOf('\0') >= 0) {
                throw ParameterValues.noNul(e.getKey());
            }
            for (String v : e.getValue()) {
                if (v != null && v.indexOf('\0') >= 0) {
                    throw ParameterValues.noNul(e.getKey());
                }
            }
        }
    }
}
