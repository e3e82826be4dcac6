package nl.tweeling.sta.query;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import nl.tweeling.common.problem.TweelingException;

/**
 * The opaque {@code $skiptoken} of a next link: the sort keys of the last row of the page (each with its type),
 * so the next page starts after it by an index range instead of counting skipped rows. Base64url of a small JSON
 * array; a token that does not decode, or whose keys do not match the request's $orderby, is a 400.
 */
public final class SkipToken {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SkipToken() {
    }

    /** The token for these key values, or empty when one is NULL or of a type a token cannot hold. */
    public static Optional<String> encode(List<Object> keys) {
        ArrayNode a = JSON.createArrayNode();
        for (Object k : keys) {
            ArrayNode pair = a.addArray();
            if (k instanceof Long || k instanceof Integer || k instanceof Short) {
                pair.add("l").add(((Number) k).longValue());
            } else if (k instanceof Double || k instanceof Float) {
                pair.add("d").add(((Number) k).doubleValue());
            } else if (k instanceof BigDecimal d) {
                pair.add("n").add(d.toPlainString());
            } else if (k instanceof String s) {
                pair.add("s").add(s);
            } else if (k instanceof Boolean b) {
                pair.add("b").add(b);
            } else if (k instanceof Timestamp t) {
                pair.add("t").add(t.toInstant().toString());
            } else if (k instanceof java.sql.Date d) {
                pair.add("D").add(d.toLocalDate().toString());
            } else if (k instanceof java.sql.Time t) {
                pair.add("T").add(t.toLocalTime().toString());
            } else if (k instanceof org.postgresql.util.PGobject o && "jsonb".equals(o.getType()) && o.getValue() != null) {
                pair.add("j").add(o.getValue());
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(a.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The key values of a token, typed for binding; {@code expected} keys or a 400. */
    public static List<Object> decode(String token, int expected) {
        try {
            JsonNode a = JSON.readTree(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            if (!a.isArray() || a.size() != expected) {
                throw invalid();
            }
            List<Object> out = new ArrayList<>();
            for (JsonNode pair : a) {
                String tag = pair.path(0).asText();
                JsonNode v = pair.path(1);
                out.add(switch (tag) {
                    case "l" -> v.asLong();
                    case "d" -> v.asDouble();
                    case "n" -> new BigDecimal(v.asText());
                    case "s" -> v.asText();
                    case "b" -> v.asBoolean();
                    case "t" -> OffsetDateTime.ofInstant(Instant.parse(v.asText()), ZoneOffset.UTC);
                    case "D" -> LocalDate.parse(v.asText());
                    case "T" -> LocalTime.parse(v.asText());
                    case "j" -> new Jsonb(JSON.readTree(v.asText()).toString());
                    default -> throw invalid();
                });
            }
            return out;
        } catch (TweelingException e) {
            throw e;
        } catch (RuntimeException | java.io.IOException e) {
            throw invalid();
        }
    }

    /** A jsonb key value, bound as {@code CAST(? AS jsonb)}. */
    public record Jsonb(String text) {
    }

    private static TweelingException invalid() {
        return TweelingException.badParameter("$skiptoken", "$skiptoken is not one this server wrote for this $orderby;"
                + " follow @iot.nextLink as given, or page with $skip.");
    }
}
