package nl.tweeling.platform.security;

import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import nl.tweeling.common.problem.TweelingException;

/**
 * Guards endpoints marked {@link RequiresRole}: the request must carry an active API key, as
 * {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}, whose roles include the required one.
 * Missing or unknown keys get 401, keys without the role 403, both as problem+json. Keys are never logged.
 * On every other endpoint a key, when sent, is verified too (401 when unknown) and becomes the request's
 * {@link CurrentCaller} (and the request property {@link #PROPERTY}), which decides what reads show; endpoints
 * marked {@link OptionalKey} say so in their code.
 */
public class ApiKeyFilter {

    public static final String HEADER = "X-API-Key";
    /** Request property under which the verified {@link ApiKey} is available to resources. */
    public static final String PROPERTY = "tweeling.apiKey";

    @Inject
    ApiKeyRepository keys;

    @Inject
    CurrentCaller caller;

    @ServerRequestFilter
    public void check(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return;
        }
        RequiresRole required = required(resource);
        Optional<String> presented = presentedKey(request);
        ApiKey key = null;
        if (presented.isPresent()) {
            // a key is checked wherever it is sent: reads show more to some keys (docs/security.md), and a
            // client with a wrong key should hear so rather than get the public view
            key = keys.verify(presented.get())
                    .orElseThrow(() -> TweelingException.unauthorized("The API key is unknown or revoked."));
            caller.set(new Caller(key));
            request.setProperty(PROPERTY, key);
        }
        if (required == null) {
            return;
        }
        if (key == null) {
            throw TweelingException.unauthorized("This endpoint needs an API key with role " + required.value().id()
                    + ": send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
        }
        if (!key.allows(required.value())) {
            throw TweelingException.forbidden("API key " + key.name() + " lacks role " + required.value().id() + ".");
        }
    }

    private static RequiresRole required(SimpleResourceInfo resource) {
        try {
            RequiresRole onMethod = resource.getResourceClass()
                    .getMethod(resource.getMethodName(), resource.parameterTypes())
                    .getAnnotation(RequiresRole.class);
            return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RequiresRole.class);
        } catch (NoSuchMethodException e) {
            return resource.getResourceClass().getAnnotation(RequiresRole.class);
        }
    }

    /** The caller's verified key on an {@link OptionalKey} or {@link RequiresRole} endpoint; empty when anonymous. */
    public static Optional<ApiKey> caller(ContainerRequestContext request) {
        Object key = request.getProperty(PROPERTY);
        return key instanceof ApiKey k ? Optional.of(k) : Optional.empty();
    }

    private static Optional<String> presentedKey(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        if (header != null && !header.isBlank()) {
            return Optional.of(header.strip());
        }
        String auth = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7) {
            return Optional.of(auth.substring(7).strip());
        }
        return Optional.empty();
    }
}
