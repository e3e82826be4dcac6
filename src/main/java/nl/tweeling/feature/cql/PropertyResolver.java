package nl.tweeling.feature.cql;

import java.util.Map;
import java.util.Optional;

/**
 * Maps the property names of a filter to SQL; the only source of identifiers in generated SQL. Implementations
 * decide which properties are queryable; a name they do not resolve makes the filter fail with
 * {@link CqlException.Kind#UNKNOWN_PROPERTY}. Must be thread-safe if the {@link CqlSqlBuilder} using it is shared.
 */
@FunctionalInterface
public interface PropertyResolver {

    /**
     * The property named exactly {@code name} (case-sensitive, as written in the filter), or empty when it is not
     * queryable.
     */
    Optional<Property> resolve(String name);

    /** A resolver over a fixed map (copied; thread-safe). */
    static PropertyResolver of(Map<String, Property> properties) {
        Map<String, Property> copy = Map.copyOf(properties);
        return name -> Optional.ofNullable(copy.get(name));
    }
}
