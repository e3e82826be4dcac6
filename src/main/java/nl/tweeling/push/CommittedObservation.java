package nl.tweeling.push;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * One committed observation as the change topic carries it and a stream sends it: compact JSON with what a
 * listener filters on (datastream, observed property, place) and the value.
 *
 * @param id               the observation's id (tweeling.observation.id)
 * @param datastreamId     the datastream's id
 * @param datastream       the datastream's key
 * @param observedProperty the observed property's key
 * @param phenomenonTime   ISO 8601 instant
 * @param result           the result as JSON text (a number, or any other JSON value)
 * @param corrections      how often this observation was corrected; an id with a higher count replaces the value
 * @param x                longitude (CRS84) of the datastream's thing, or null when it has no place
 * @param y                latitude (CRS84), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommittedObservation(
        @JsonProperty("id") long id,
        @JsonProperty("datastreamId") long datastreamId,
        @JsonProperty("datastream") String datastream,
        @JsonProperty("observedProperty") String observedProperty,
        @JsonProperty("phenomenonTime") String phenomenonTime,
        @JsonProperty("result") @JsonRawValue String result,
        @JsonProperty("corrections") int corrections,
        @JsonProperty("x") Double x,
        @JsonProperty("y") Double y) {

    /**
     * Headers of a change-topic message with its {@code id} and {@code corrections} as decimal text, so that a
     * reader can tell which value a message holds without parsing it; the key is the datastream id.
     */
    public static final String ID_HEADER = "id";
    public static final String CORRECTIONS_HEADER = "corrections";

    /** Reads one message of the change topic. */
    public static CommittedObservation parse(com.fasterxml.jackson.databind.ObjectMapper json, byte[] value)
            throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode n = json.readTree(value);
        com.fasterxml.jackson.databind.JsonNode r = n.get("result");
        return new CommittedObservation(n.path("id").asLong(), n.path("datastreamId").asLong(),
                n.path("datastream").asText(null), n.path("observedProperty").asText(null),
                n.path("phenomenonTime").asText(null), r == null ? "null" : r.toString(), n.path("corrections").asInt(),
                n.hasNonNull("x") ? n.get("x").asDouble() : null, n.hasNonNull("y") ? n.get("y").asDouble() : null);
    }

    /**
     * Only the {@code id} and {@code corrections} of a message of the change topic (what tells a value's
     * copies apart, see {@link FirstPublications}), read without building the rest; null when the message
     * has no numeric {@code id}.
     */
    static long[] identity(JsonFactory factory, byte[] value) throws IOException {
        try (JsonParser p = factory.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Long id = null;
            long corrections = 0;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("id".equals(name) && v == JsonToken.VALUE_NUMBER_INT) {
                    id = p.getLongValue();
                } else if ("corrections".equals(name) && v == JsonToken.VALUE_NUMBER_INT) {
                    corrections = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
            return id == null ? null : new long[] {id, corrections};
        }
    }

    /** True when the place lies within the box (min lon, min lat, max lon, max lat); no place: false. */
    public boolean within(double[] bbox) {
        return x != null && y != null && x >= bbox[0] && y >= bbox[1] && x <= bbox[2] && y <= bbox[3];
    }
}
