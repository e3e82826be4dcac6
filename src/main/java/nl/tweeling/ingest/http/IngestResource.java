package nl.tweeling.ingest.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.ingest.IngestService;
import nl.tweeling.ingest.InvalidObservationException;
import nl.tweeling.ingest.ObservationMessage;
import nl.tweeling.ingest.SenmlParser;
import nl.tweeling.ingest.kafka.ObservationProducer;
import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.platform.security.ApiKey;
import nl.tweeling.platform.security.ApiKeyFilter;
import nl.tweeling.platform.security.RequiresRole;
import nl.tweeling.platform.security.Role;

/**
 * HTTP ingestion: observations are validated, then produced to Kafka with acks=all; the consumer writes
 * them to PostGIS. All or nothing: one invalid observation rejects the request with a 400 listing every
 * problem, and nothing is produced.
 */
@Path("/ingest/observations")
@Tag(name = "Ingest")
public class IngestResource {

    public static final String NDJSON = "application/x-ndjson";
    public static final String SENML = "application/senml+json";
    private static final int MAX_LISTED_ERRORS = 100;

    @Inject
    IngestService ingest;

    @Inject
    ObservationProducer producer;

    @Inject
    ObjectMapper json;

    @Inject
    TweelingConfig config;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, NDJSON, SENML})
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.INGEST)
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Ingest observations: one object, a JSON array, NDJSON (one object per line) or a SenML pack; needs role ingest")
    public Response post(byte[] body, @jakarta.ws.rs.HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @jakarta.ws.rs.core.Context jakarta.ws.rs.container.ContainerRequestContext request) {
        List<ObservationMessage> parsed = new ArrayList<>();
        List<byte[]> raw = null;
        List<Map<String, Object>> errors = new ArrayList<>();
        int invalid = 0;
        if (contentType != null && contentType.toLowerCase().startsWith(SENML)) {
            try {
                parsed.addAll(SenmlParser.parse(read(body, 0), Instant.now()));
            } catch (InvalidObservationException e) {
                throw TweelingException.badBody("The SenML pack is invalid: " + e.getMessage() + "; nothing was accepted.",
                        List.of());
            }
        } else if (isArray(body, contentType)) {
            // the common bulk request: each element is read from its own bytes, which are produced as they came
            // when the element is a plain observation (no re-serialising)
            raw = new ArrayList<>();
            List<byte[]> elements = elements(body);
            for (int i = 0; i < elements.size(); i++) {
                byte[] element = elements.get(i);
                ObservationMessage quick = ingest.parser().quick(element);
                raw.add(quick == null ? null : element);
                try {
                    parsed.add(quick != null ? quick : ingest.parser().parse(read(element, 0)));
                } catch (InvalidObservationException e) {
                    invalid++;
                    parsed.add(null);
                    addError(errors, i, e.getMessage());
                }
            }
        } else {
            List<JsonNode> items = items(body, contentType);
            for (int i = 0; i < items.size(); i++) {
                try {
                    parsed.add(ingest.parser().parse(items.get(i)));
                } catch (InvalidObservationException e) {
                    invalid++;
                    parsed.add(null);
                    addError(errors, i, e.getMessage());
                }
            }
        }
        if (parsed.isEmpty()) {
            throw TweelingException.badBody("The body holds no observations.", List.of());
        }
        if (parsed.size() > config.ingest().maxRequestObservations()) {
            throw TweelingException.tooLarge("At most " + config.ingest().maxRequestObservations()
                    + " observations per request; split the body.");
        }
        List<ObservationProducer.Message> messages = new ArrayList<>(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            ObservationMessage m = parsed.get(i);
            if (m == null) {
                continue;
            }
            try {
                ingest.validate(m, "http", null);
                byte[] value = raw != null && raw.get(i) != null ? raw.get(i) : ingest.parser().toJson(m);
                messages.add(new ObservationProducer.Message(m.datastream(), value));
            } catch (InvalidObservationException e) {
                invalid++;
                addError(errors, i, e.getMessage());
            }
        }
        if (invalid > 0) {
            ingest.rejected("http", invalid);
            errors.sort((a, b) -> Integer.compare((Integer) a.get("index"), (Integer) b.get("index")));
            throw TweelingException.badBody(invalid + " of " + parsed.size()
                    + " observations are invalid; nothing was accepted. Fix them and send the request again.", errors);
        }
        tooLargeForTheBroker(messages);
        ApiKey key = (ApiKey) request.getProperty(ApiKeyFilter.PROPERTY);
        long wait = limiter().acquire(key.name(), messages.size());
        if (wait > 0) {
            ingest.rejected("http", messages.size());
            throw TweelingException.tooManyRequests(wait == Long.MAX_VALUE
                    ? "This request holds more observations than key " + key.name() + " may send at once; split it."
                    : "Key " + key.name() + " sends more than " + (long) config.ingest().rateLimit().perSecond()
                            + " observations per second; retry after " + wait + " s.", wait == Long.MAX_VALUE ? 1 : wait);
        }
        producer.sendAll(messages);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("accepted", messages.size());
        result.put("topic", config.ingest().topic());
        return Response.accepted(result).build();
    }

    /**
     * 413 when a message is larger than the broker takes ({@link ObservationProducer#MAX_MESSAGE_BYTES}): it
     * would be refused on every retry, so a 503 "retry later" would be a lie.
     */
    private void tooLargeForTheBroker(List<ObservationProducer.Message> messages) {
        List<Map<String, Object>> errors = new ArrayList<>();
        int tooLarge = 0;
        for (int i = 0; i < messages.size(); i++) {
            ObservationProducer.Message m = messages.get(i);
            long size = ObservationProducer.size(m);
            if (size > ObservationProducer.MAX_MESSAGE_BYTES) {
                tooLarge++;
                addError(errors, i, "the observation is " + size + " bytes as a message; the broker takes at most "
                        + ObservationProducer.MAX_MESSAGE_BYTES);
            }
        }
        if (tooLarge > 0) {
            ingest.rejected("http", messages.size());
            throw new TweelingException(413, "Payload too large", tooLarge + " of " + messages.size()
                    + " observations are larger than the message broker takes (" + ObservationProducer.MAX_MESSAGE_BYTES
                    + " bytes each); nothing was accepted.", null, errors);
        }
    }

    private volatile RateLimiter limiter;

    private RateLimiter limiter() {
        RateLimiter l = limiter;
        if (l == null) {
            synchronized (this) {
                if (limiter == null) {
                    limiter = new RateLimiter(config.ingest().rateLimit().perSecond(), config.ingest().rateLimit().burst(),
                            System::nanoTime);
                }
                l = limiter;
            }
        }
        return l;
    }

    private static void addError(List<Map<String, Object>> errors, int index, String reason) {
        if (errors.size() < MAX_LISTED_ERRORS) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("index", index);
            err.put("reason", reason);
            errors.add(err);
        }
    }

    /** A JSON (not NDJSON) body whose first token is '['. */
    private static boolean isArray(byte[] body, String contentType) {
        if (contentType != null && contentType.toLowerCase().startsWith(NDJSON)) {
            return false;
        }
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '[';
            }
        }
        return false;
    }

    /** The bytes of each element of a JSON array body, found with the streaming parser. */
    private List<byte[]> elements(byte[] body) {
        List<byte[]> elements = new ArrayList<>();
        try (JsonParser p = json.getFactory().createParser(body)) {
            p.nextToken(); // START_ARRAY
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw TweelingException.badBody("The body is not valid JSON: the array is not closed.", List.of());
                }
                int start = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int end = (int) p.currentLocation().getByteOffset();
                elements.add(java.util.Arrays.copyOfRange(body, start, end));
            }
            if (p.nextToken() != null) {
                throw TweelingException.badBody("The body is not valid JSON: there is more after the array (line "
                        + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr()
                        + ").", List.of());
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw TweelingException.badBody("The body is not valid JSON" + where + ".", List.of());
        } catch (IOException e) {
            throw TweelingException.badBody("The body could not be read.", List.of());
        }
        return elements;
    }

    private List<JsonNode> items(byte[] body, String contentType) {
        List<JsonNode> items = new ArrayList<>();
        if (contentType != null && contentType.toLowerCase().startsWith(NDJSON)) {
            String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    items.add(read(lines[i].getBytes(StandardCharsets.UTF_8), i + 1));
                }
            }
            return items;
        }
        JsonNode root = read(body, 0);
        if (root.isArray()) {
            root.forEach(items::add);
        } else {
            items.add(root);
        }
        return items;
    }

    private JsonNode read(byte[] bytes, int line) {
        try {
            // one JSON value and nothing after it (readTree alone stops after the first value: "[…]xyz")
            JsonNode n = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
            if (n == null || n.isMissingNode()) {
                throw TweelingException.badBody("The body is empty.", List.of());
            }
            return n;
        } catch (JsonProcessingException e) {
            String where = line > 0 ? " on line " + line
                    : e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw TweelingException.badBody("The body is not valid JSON" + where + ".", List.of());
        } catch (IOException e) {
            throw TweelingException.badBody("The body could not be read.", List.of());
        }
    }
}
