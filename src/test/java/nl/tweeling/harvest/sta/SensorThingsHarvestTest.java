package nl.tweeling.harvest.sta;

import static nl.tweeling.harvest.HarvestTesting.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.harvest.FeedServer;
import nl.tweeling.harvest.HarvestRunner;
import nl.tweeling.harvest.HarvestTesting;
import nl.tweeling.harvest.HarvesterDefinition;
import nl.tweeling.harvest.HarvesterTypes;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobService;
import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/**
 * The SensorThings harvester against a small local STA v1.1 service built from the Geonovum groundwater
 * payloads: the Datastream (deep-insert JSON), the Location and the 3,745 NDJSON Observations, served in pages
 * of 1,000 with @iot.nextLink, honouring $filter=phenomenonTime gt ... and $orderby.
 */
@QuarkusTest
class SensorThingsHarvestTest {

    @Inject
    HarvestRunner runner;

    @Inject
    JobService jobs;

    static final ObjectMapper JSON = new ObjectMapper();

    /** A minimal STA service over an in-memory list of observations. */
    static final class Sta {
        final FeedServer server;
        final List<ObjectNode> observations = new CopyOnWriteArrayList<>();
        final List<String> observationQueries = new CopyOnWriteArrayList<>();
        final ObjectNode thing;

        Sta() throws Exception {
            server = new FeedServer();
            JsonNode datastream = JSON.readTree(Files.readString(RealData.file("sensorthings/geonovum_gw_dataStream1.json")));
            ObjectNode location = (ObjectNode) JSON.readTree(Files.readString(RealData.file("sensorthings/geonovum_gw_location.json")));
            location.put("@iot.id", 1);
            ObjectNode ds = ((ObjectNode) datastream).deepCopy();
            ds.put("@iot.id", 1);
            ds.remove("Sensor");
            // geonovum_gw_thing.json is invalid JSON (a missing comma): its name and description are used here
            thing = JSON.createObjectNode();
            thing.put("@iot.id", 1);
            thing.put("name", "Grondwatermonitoring put: GMWXXXXXXXXXXXX");
            thing.put("description", "Dit is een fictieve grondwater monitoring put");
            thing.putArray("Locations").add(location);
            thing.putArray("Datastreams").add(ds);
            long id = 0;
            for (String line : Files.readAllLines(RealData.file("sensorthings/geonovum_gw_observations1.json"))) {
                if (!line.isBlank()) {
                    ObjectNode o = (ObjectNode) JSON.readTree(line);
                    o.put("@iot.id", ++id);
                    observations.add(o);
                }
            }
            server.route("/sta/v1.1/Things", x -> FeedServer.Answer.json(page(List.of(thing), query(x), "/sta/v1.1/Things", 1)));
            server.route("/sta/v1.1/Datastreams(1)/Observations", this::observations);
        }

        FeedServer.Answer observations(HttpExchange x) {
            Map<String, String> q = query(x);
            observationQueries.add(x.getRequestURI().getRawQuery());
            if (!"phenomenonTime asc".equals(q.get("$orderby"))) {
                return new FeedServer.Answer(400, "application/json", "{\"message\":\"expected $orderby\"}".getBytes(StandardCharsets.UTF_8));
            }
            List<JsonNode> selected = new ArrayList<>();
            String filter = q.get("$filter");
            Instant after = filter == null ? Instant.MIN : Instant.parse(filter.replace("phenomenonTime gt ", ""));
            for (ObjectNode o : observations) {
                if (Instant.parse(o.get("phenomenonTime").asText()).isAfter(after)) {
                    selected.add(o);
                }
            }
            return FeedServer.Answer.json(page(selected, q, "/sta/v1.1/Datastreams(1)/Observations", 1000));
        }

        String page(List<? extends JsonNode> all, Map<String, String> q, String path, int top) {
            int skip = Integer.parseInt(q.getOrDefault("$skip", "0"));
            ObjectNode out = JSON.createObjectNode();
            ArrayNode value = out.putArray("value");
            all.stream().skip(skip).limit(top).forEach(value::add);
            if (skip + top < all.size()) {
                StringBuilder next = new StringBuilder(server.url(path)).append("?$skip=").append(skip + top);
                q.forEach((k, v) -> {
                    if (!k.equals("$skip")) {
                        next.append('&').append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
                    }
                });
                out.put("@iot.nextLink", next.toString());
            }
            return out.toString();
        }

        static Map<String, String> query(HttpExchange x) {
            Map<String, String> q = new HashMap<>();
            String raw = x.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String p : raw.split("&")) {
                    int eq = p.indexOf('=');
                    q.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return q;
        }
    }

    @Test
    void incrementalHarvestFollowsNextLinksAndAsksOnlyForNewerObservations() throws Exception {
        Sta sta = new Sta();
        try (FeedServer server = sta.server) {
            String id = HarvestTesting.uniqueId("sta-gw");
            HarvesterDefinition h = HarvestTesting.definition(id, HarvesterTypes.SENSORTHINGS, server.url("/sta/v1.1"),
                    Map.of("observedProperties", Map.of("Temperatuur", "water_temperature")));
            Job first = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.SUCCESSFUL, first.status, first.message);
            assertEquals(3745, number(first, "inserted"));
            assertEquals(4, sta.observationQueries.size(), "3,745 observations in pages of 1,000");
            String ds = id + "-ds-1";
            assertEquals(10.906, TestDatabase.scalar("SELECT o.result FROM tweeling.observation o JOIN tweeling.datastream d"
                    + " ON d.id = o.datastream_id WHERE d.key = ? AND o.phenomenon_time = '2018-08-06T12:00:00Z'", ds));
            assertEquals(10.781, TestDatabase.scalar("SELECT o.result FROM tweeling.observation o JOIN tweeling.datastream d"
                    + " ON d.id = o.datastream_id WHERE d.key = ? AND o.phenomenon_time = '2019-01-09T12:00:00Z'", ds));
            assertEquals(1001L, TestDatabase.count("SELECT o.source_offset FROM tweeling.observation o JOIN tweeling.datastream d"
                    + " ON d.id = o.datastream_id WHERE d.key = ? AND o.phenomenon_time = '2018-09-17T04:00:00Z'", ds));
            assertEquals("water_temperature", TestDatabase.scalar("SELECT observed_property FROM tweeling.datastream WHERE key = ?", ds));
            assertEquals("grondwaterstand", TestDatabase.scalar("SELECT name FROM tweeling.datastream WHERE key = ?", ds));
            // the Location is a placeholder in Canada (-114.06, 51.05): outside the Netherlands, so not stored
            assertNull(TestDatabase.scalar("SELECT geom FROM tweeling.thing WHERE key = ?", id + "-thing-1"));

            Job second = HarvestTesting.run(runner, jobs, h);
            assertEquals(Job.SUCCESSFUL, second.status, second.message);
            assertEquals(0, number(second, "fetched"));
            assertEquals(0, number(second, "inserted"));
            assertEquals(5, sta.observationQueries.size());
            assertTrue(URLDecoder.decode(sta.observationQueries.get(4), StandardCharsets.UTF_8)
                    .contains("$filter=phenomenonTime gt 2019-01-09T12:00:00Z"), sta.observationQueries.get(4));

            ObjectNode newer = JSON.createObjectNode();
            newer.put("@iot.id", 3746).put("phenomenonTime", "2019-01-09T13:00:00.000Z").put("result", 10.78);
            sta.observations.add(newer);
            Job third = HarvestTesting.run(runner, jobs, h);
            assertEquals(1, number(third, "fetched"));
            assertEquals(1, number(third, "inserted"));
            assertEquals(3746L, TestDatabase.count("SELECT count(*) FROM tweeling.observation o JOIN tweeling.datastream d"
                    + " ON d.id = o.datastream_id WHERE d.key = ?", ds));
        }
    }

    @Test
    void unmappedObservedPropertyIsSkippedWithAReason() throws Exception {
        Sta sta = new Sta();
        try (FeedServer server = sta.server) {
            Job job = HarvestTesting.run(runner, jobs, HarvestTesting.definition(HarvestTesting.uniqueId("sta"),
                    HarvesterTypes.SENSORTHINGS, server.url("/sta/v1.1"), Map.of()));
            assertEquals(Job.SUCCESSFUL, job.status, job.message);
            assertEquals(0, number(job, "inserted"));
            assertEquals(1, number(job, "rejected"));
            assertTrue(job.results.get("rejections").toString().contains("Temperatuur"), job.results.toString());
        }
    }

    @Test
    void aBrokenPageFailsTheRunAndWritesNothing() throws Exception {
        Sta sta = new Sta();
        try (FeedServer server = sta.server) {
            server.route("/sta/v1.1/Datastreams(1)/Observations", x -> {
                String raw = x.getRequestURI().getRawQuery();
                return raw.contains("skip=2000") ? new FeedServer.Answer(500, "text/plain", "boom".getBytes(StandardCharsets.UTF_8))
                        : sta.observations(x);
            });
            String id = HarvestTesting.uniqueId("sta");
            Job job = HarvestTesting.run(runner, jobs, HarvestTesting.definition(id, HarvesterTypes.SENSORTHINGS,
                    server.url("/sta/v1.1"), Map.of("observedProperty", "water_temperature")));
            assertEquals(Job.FAILED, job.status);
            assertTrue(job.message.contains("HTTP 500"), job.message);
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.observation o JOIN tweeling.datastream d"
                    + " ON d.id = o.datastream_id WHERE d.key = ?", id + "-ds-1"));
        }
    }
}
