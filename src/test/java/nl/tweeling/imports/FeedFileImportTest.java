package nl.tweeling.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/** Importing a real KNMI or Rijkswaterstaat file says which harvester reads it, instead of only what GDAL says. */
@QuarkusTest
class FeedFileImportTest {

    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";

    private void refusedAsFeed(String relative, String type) {
        String layer = "feed_" + type.replace('-', '_') + "_" + System.nanoTime();
        long jobs = TestDatabase.count("SELECT count(*) FROM tweeling.job");
        given().header("X-API-Key", ADMIN).multiPart("file", RealData.file(relative).toFile()).multiPart("layer", layer)
                .post("/imports").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("the " + type + " harvester reads"))
                .body("detail", containsString("POST /harvesters"))
                .body("detail", containsString("./tweeling harvest add"))
                .body("detail", not(containsString("GDAL")));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.layer WHERE id = ?", layer));
        assertEquals(jobs, TestDatabase.count("SELECT count(*) FROM tweeling.job"));
    }

    @Test
    void knmiDailyFile() {
        refusedAsFeed("weather/knmi_etmgeg_278_heino.txt", "knmi-daily");
    }

    @Test
    void rwsWaterinfoFile() {
        refusedAsFeed("water/rws_waterinfo_katerveer_KATV_20241123.json", "rws-waterinfo");
    }

    @Test
    void ndwFiles() {
        refusedAsFeed("traffic/ndw_trafficspeed_20250815T2149.xml.gz", "ndw-trafficspeed");
        refusedAsFeed("traffic/ndw_measurementsitetable_sample.xml", "ndw-trafficspeed");
    }

    @Test
    void rivmLmlFile() {
        refusedAsFeed("airquality/rivm_lml_measurements_2014070708.xml", "rivm-lml");
    }
}
