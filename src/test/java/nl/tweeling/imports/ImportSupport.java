package nl.tweeling.imports;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Runs imports through the HTTP API as a client would: POST /imports, then poll GET /jobs/{id}. */
final class ImportSupport {

    static final String ADMIN_KEY = "twk_test_bootstrap_admin_key_0123456789";

    private ImportSupport() {
    }

    /** A layer name no other test uses. */
    static String layerName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Uploads files (a shapefile's sidecars after the .shp) with form fields; returns the job id. */
    static String upload(Map<String, String> fields, Path... files) {
        RequestSpecification r = given().header("X-API-Key", ADMIN_KEY);
        for (Path f : files) {
            r = r.multiPart("file", f.toFile());
        }
        for (Map.Entry<String, String> e : fields.entrySet()) {
            r = r.multiPart(e.getKey(), e.getValue());
        }
        return r.post("/imports").then().statusCode(201).extract().path("jobID");
    }

    /** Waits until the job has ended; returns its statusInfo. */
    static JsonPath await(String job) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().header("X-API-Key", ADMIN_KEY).get("/jobs/" + job).then().statusCode(200).extract().jsonPath();
            String status = last[0].getString("status");
            return status.equals("successful") || status.equals("failed");
        });
        return last[0];
    }

    /** Imports and expects success; returns the report of GET /imports/{run}. */
    static JsonPath importOk(Map<String, String> fields, Path... files) {
        return report(importedJob(fields, files));
    }

    /** Imports and expects success; returns the job's id. */
    static String importedJob(Map<String, String> fields, Path... files) {
        String job = upload(fields, files);
        JsonPath status = await(job);
        assertEquals("successful", status.getString("status"), "import failed: " + status.getString("message"));
        return job;
    }

    static JsonPath report(String job) {
        return given().header("X-API-Key", ADMIN_KEY).get("/imports/" + job).then().statusCode(200).extract().jsonPath();
    }
}
