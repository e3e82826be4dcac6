package nl.tweeling.ingest.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import nl.tweeling.ingest.kafka.ObservationProducer;
import nl.tweeling.platform.TweelingConfig;
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
    @Consumes({MediaType.APPLICATION_JSON, NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.INGEST)
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Ingest observations: one object, a JSON array, or NDJSON (one object per line); needs role ingest")
    public Response post(byte[] body, @jakarta.ws.rs.HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        List<JsonNode> items = items(body, contentType);
        if (items.isEmpty()) {
            throw TweelingException.badBody("The body holds no observations.", List.of());
        }
        if (items.size() > config.ingest().maxRequestObservations()) {
            throw TweelingException.tooLarge("At most " + config.ingest().maxRequestObservations()
                    + " observations per request; split the body.");
        }
        List<ObservationProducer.Message> messages = new ArrayList<>(items.size());
        List<Map<String, Object>> errors = new ArrayList<>();
        int invalid = 0;
        for (int i = 0; i < items.size(); i++) {
            try {
                ObservationMessage m = ingest.parser().parse(items.get(i));
                ingest.validate(m, "http", null);
                messages.add(new ObservationProducer.Message(m.datastream(), json.writeValueAsBytes(items.get(i))));
            } catch (InvalidObservationException e) {
                invalid++;
                if (errors.size() < MAX_LISTED_ERRORS) {
                    Map<String, Object> err = new LinkedHashMap<>();
                    err.put("index", i);
                    err.put("reason", e.getMessage());
                    errors.add(err);
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (invalid > 0) {
            ingest.rejected("http", invalid);
            throw TweelingException.badBody(invalid + " of " + items.size()
                    + " observations are invalid; nothing was accepted. Fix them and send the request again.", errors);
        }
        producer.sendAll(messages);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("accepted", messages.size());
        result.put("topic", config.ingest().topic());
        return Response.accepted(result).build();
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
            JsonNode n = json.readTree(bytes);
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
