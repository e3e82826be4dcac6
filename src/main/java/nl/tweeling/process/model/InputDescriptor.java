package nl.tweeling.process.model;

import java.util.Map;

/**
 * One input of a process as the OGC process description lists it.
 *
 * @param id the input's name in the execute request's {@code inputs} object
 * @param schema a JSON Schema (as nested maps/lists), e.g. {@code Map.of("type", "number", "minimum", 0)}
 * @param minOccurs 0 for optional inputs, 1 for required ones
 * @param maxOccurs 1 for a single value (the only kind the machinery passes as a non-list)
 */
public record InputDescriptor(String id, String title, String description, Map<String, Object> schema,
        int minOccurs, int maxOccurs) {

    /** A required single-valued input. */
    public static InputDescriptor required(String id, String title, String description, Map<String, Object> schema) {
        return new InputDescriptor(id, title, description, schema, 1, 1);
    }

    /** An optional single-valued input. */
    public static InputDescriptor optional(String id, String title, String description, Map<String, Object> schema) {
        return new InputDescriptor(id, title, description, schema, 0, 1);
    }
}
