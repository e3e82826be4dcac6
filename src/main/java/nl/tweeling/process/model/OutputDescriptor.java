package nl.tweeling.process.model;

import java.util.Map;

/**
 * One output of a process.
 *
 * @param id the output's name in the results document
 * @param schema its JSON Schema; for a result layer use {@link #layer}
 * @param layer whether the output is a result layer (published as an OGC API collection and linked from the results)
 */
public record OutputDescriptor(String id, String title, String description, Map<String, Object> schema,
        boolean layer) {

    /** A result layer written with {@link ModelContext#createLayer} under the same name. */
    public static OutputDescriptor layer(String id, String title, String description) {
        return new OutputDescriptor(id, title, description, Map.of("type", "object",
                "contentMediaType", "application/geo+json"), true);
    }

    /** A literal value returned by {@link Model#outputs}. */
    public static OutputDescriptor value(String id, String title, String description, Map<String, Object> schema) {
        return new OutputDescriptor(id, title, description, schema, false);
    }
}
