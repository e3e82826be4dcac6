package nl.tweeling.feature;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.feature.cql.Cql2Json;
import nl.tweeling.feature.cql.Cql2Text;
import nl.tweeling.feature.cql.CqlException;
import nl.tweeling.feature.cql.CqlSqlBuilder;
import nl.tweeling.feature.cql.FilterCrs;
import nl.tweeling.feature.cql.Predicate;
import nl.tweeling.feature.cql.Property;
import nl.tweeling.feature.cql.PropertyResolver;
import nl.tweeling.feature.cql.PropertyType;
import nl.tweeling.feature.cql.SqlFilter;

/**
 * Turns CQL2 filters (text or JSON) into SQL over a layer's table: properties resolve only to the layer's
 * queryables, the geometry to the indexed storage column, every literal is bound. A malformed filter is a
 * 400 naming the {@code filter} parameter, with the position of the error.
 */
@ApplicationScoped
public class FeatureFilters {

    /**
     * Longest filter accepted, in characters: 64 KB, which fits on a request line even fully percent-encoded
     * (tweeling.http.max-request-line-bytes, docs/api.md).
     */
    static final int MAX_LENGTH = 65_536;

    public FeatureFilter parse(Layer layer, String text, String lang, CrsChoice filterCrs) {
        if (text.length() > MAX_LENGTH) {
            throw TweelingException.badParameter("filter", "filter is longer than " + MAX_LENGTH + " characters.");
        }
        try {
            Predicate predicate = "cql2-json".equals(lang) ? Cql2Json.parse(text) : Cql2Text.parse(text);
            SqlFilter sql = CqlSqlBuilder.of(resolver(layer))
                    .withFilterCrs(FilterCrs.valueOf(filterCrs.name()))
                    .build(predicate);
            return new FeatureFilter(sql.sql(), sql.parameters());
        } catch (CqlException e) {
            String hint = e.kind() == CqlException.Kind.UNKNOWN_PROPERTY
                    ? " The queryables are listed at /collections/" + layer.id() + "/queryables." : "";
            throw TweelingException.badParameter("filter", e.getMessage() + "." + hint);
        }
    }

    /** The layer's queryables as CQL2 properties over table alias {@code t}. */
    static PropertyResolver resolver(Layer layer) {
        Map<String, Property> properties = new HashMap<>();
        for (Queryable q : Queryable.of(layer)) {
            String column = "t." + Identifiers.quote(q.column());
            if (Queryable.GEOMETRY.equals(q.name())) {
                properties.put(q.name(), Property.of(column, PropertyType.GEOMETRY));
                continue;
            }
            PropertyType type = switch (q.type()) {
                case "integer" -> PropertyType.INTEGER;
                case "number" -> PropertyType.NUMBER;
                case "boolean" -> PropertyType.BOOLEAN;
                case "array" -> PropertyType.ARRAY;
                default -> "date-time".equals(q.format()) ? PropertyType.TIMESTAMP
                        : "date".equals(q.format()) ? PropertyType.DATE : PropertyType.STRING;
            };
            properties.put(q.name(), type == PropertyType.ARRAY ? Property.array(column, PropertyType.STRING)
                    : Property.of("uuid".equals(q.format()) ? column + "::text" : column, type));
        }
        return PropertyResolver.of(properties);
    }
}
