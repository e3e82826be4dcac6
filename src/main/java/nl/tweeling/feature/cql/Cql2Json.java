package nl.tweeling.feature.cql;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import nl.tweeling.feature.cql.CqlException.Kind;

/**
 * Parses CQL2 JSON (OGC 21-065, media type {@code application/cql2+json}) into the same {@link Predicate} that
 * {@link Cql2Text} gives for the equivalent text.
 *
 * <p>Recognised: {@code {"op": …, "args": […]}} for and, or, not, =, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=, like,
 * between, in, isNull, s_*, t_*, a_*, casei and accenti (operator names case-insensitive);
 * {@code {"property": "name"}}; strings, numbers, booleans; {@code {"timestamp": "…"}}, {@code {"date": "…"}},
 * {@code {"interval": [a, b]}} (ends: date or timestamp strings, {@code ".."} or property objects);
 * {@code {"bbox": [4 or 6 numbers]}}; GeoJSON geometry objects; JSON arrays as array literals; also the older
 * {@code {"casei": x}} / {@code {"accenti": x}} forms. A boolean literal or property object may stand alone as a
 * condition. Objects with members other than the ones listed (GeoJSON may also carry {@code bbox}) are rejected, as
 * are duplicate keys and any content after the filter.
 *
 * <p>Failures are {@link CqlException}s carrying the JSON path (e.g. {@code $.args[1].args[0]}), or the character
 * position for malformed JSON. Nesting is limited to {@link Cql2Text#MAX_DEPTH} CQL2 levels. Thread-safe.
 */
public final class Cql2Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(4 * Cql2Text.MAX_DEPTH + 20).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Cql2Json() {
    }

    /**
     * Parses a CQL2 JSON filter.
     *
     * @param json the filter document; null or blank is an error
     * @return the filter as an AST
     * @throws CqlException when the document is not valid JSON or not a supported CQL2 filter
     */
    public static Predicate parse(String json) {
        return parse(read(json == null ? "" : json));
    }

    /**
     * Converts an already parsed CQL2 JSON tree, e.g. from a request body Jackson has read. Number nodes should be
     * exact (read with {@code USE_BIG_DECIMAL_FOR_FLOATS}) for exact decimal parameters.
     *
     * @throws CqlException when the tree is not a supported CQL2 filter
     */
    public static Predicate parse(JsonNode tree) {
        if (tree == null || tree.isMissingNode()) {
            throw CqlException.of(Kind.SYNTAX, "the filter is empty");
        }
        return new JsonReader().predicate(tree, "$");
    }

    private static JsonNode read(String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonNode tree = MAPPER.readTree(parser);
            if (tree == null) {
                throw CqlException.of(Kind.SYNTAX, "the filter is empty");
            }
            if (parser.nextToken() != null) {
                throw CqlException.at(Kind.SYNTAX, "unexpected content after the JSON filter",
                        (int) parser.currentTokenLocation().getCharOffset(), json);
            }
            return tree;
        } catch (StreamConstraintsException e) {
            throw CqlException.of(Kind.TOO_COMPLEX, "the filter is nested too deeply");
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            if (offset < 0) {
                throw CqlException.of(Kind.SYNTAX, "the filter is not valid JSON");
            }
            throw CqlException.at(Kind.SYNTAX, "the filter is not valid JSON", (int) offset, json);
        } catch (IOException e) {
            throw CqlException.of(Kind.SYNTAX, "the filter is not valid JSON");
        }
    }
}
