package nl.tweeling.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.tweeling.common.problem.TweelingException;

/** The bucket boundaries alone (plain JUnit): Europe/Amsterdam clock and calendar alignment. */
class BucketsTest {

    private static List<Buckets.Bucket> buckets(String start, String end, String interval) {
        return Buckets.of(Instant.parse(start), Instant.parse(end), Buckets.interval("interval", interval), 10_000,
                "interval");
    }

    private static List<String> starts(List<Buckets.Bucket> buckets) {
        return buckets.stream().map(b -> Buckets.local(b.start())).toList();
    }

    @Test
    void sixHourBucketsFollowTheLocalClockOnDaylightSavingDays() {
        List<Buckets.Bucket> spring = buckets("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", "PT6H");
        assertEquals(List.of("2026-03-29T00:00:00+01:00", "2026-03-29T06:00:00+02:00", "2026-03-29T12:00:00+02:00",
                "2026-03-29T18:00:00+02:00"), starts(spring));
        assertEquals(Duration.ofHours(5), Duration.between(spring.get(0).start(), spring.get(0).end()));
        List<Buckets.Bucket> fall = buckets("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", "PT6H");
        assertEquals(4, fall.size());
        assertEquals(Duration.ofHours(7), Duration.between(fall.get(0).start(), fall.get(0).end()));
    }

    @Test
    void quarterHoursOnTheFallBackDayNumber100() {
        assertEquals(100, buckets("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", "PT15M").size());
        assertEquals(92, buckets("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", "PT15M").size());
    }

    @Test
    void weeksStartOnMondayMonthsOnTheFirstYearsOnFirstJanuary() {
        // 2026-03-04 is a Wednesday: the first week bucket is cut to start there, the next starts Monday 9 March
        List<Buckets.Bucket> weeks = buckets("2026-03-04T12:00:00Z", "2026-03-20T00:00:00Z", "P1W");
        assertEquals(List.of("2026-03-04T13:00:00+01:00", "2026-03-09T00:00:00+01:00", "2026-03-16T00:00:00+01:00"),
                starts(weeks));
        List<Buckets.Bucket> months = buckets("2026-01-15T00:00:00Z", "2026-05-01T00:00:00Z", "P1M");
        assertEquals(List.of("2026-01-15T01:00:00+01:00", "2026-02-01T00:00:00+01:00", "2026-03-01T00:00:00+01:00",
                "2026-04-01T00:00:00+02:00", "2026-05-01T00:00:00+02:00"), starts(months));
        assertEquals("2026-05-01T02:00:00+02:00", Buckets.local(months.get(4).end()));
        assertEquals(List.of("2025-12-31T23:00:00+01:00", "2026-01-01T00:00:00+01:00"),
                starts(buckets("2025-12-31T22:00:00Z", "2026-06-01T00:00:00Z", "P1Y")));
    }

    @Test
    void intervalsOutsidePT1MToP1YOrNotDividingADayAreRefused() {
        for (String bad : List.of("PT0M", "PT7M", "PT25H", "P0D", "P367D", "P13M", "P2Y", "PT1H30M", "P1D2H", "pt1h", "")) {
            TweelingException e = assertThrows(TweelingException.class, () -> Buckets.interval("interval", bad), bad);
            assertEquals(400, e.status(), bad);
        }
        assertEquals(90, Buckets.interval("interval", "PT90M").minutes());
        assertThrows(TweelingException.class, () -> buckets("2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "PT1M"));
    }

    @Test
    void localTimesAreWrittenAsTheIsoFormatterWritesThem() {
        java.util.Random random = new java.util.Random(12);
        java.util.List<Instant> instants = new java.util.ArrayList<>(List.of(Instant.parse("2026-03-29T01:00:00Z"),
                Instant.parse("2026-10-25T00:59:59Z"), Instant.parse("2026-10-25T01:00:00Z"), Instant.EPOCH,
                Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00.250Z")));
        for (int i = 0; i < 2000; i++) {
            instants.add(Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 4_000_000_000L),
                    i % 10 == 0 ? random.nextInt(1_000_000_000) : 0));
        }
        for (Instant t : instants) {
            assertEquals(t.atZone(Buckets.ZONE).toOffsetDateTime().format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                    Buckets.local(t), t.toString());
        }
    }

    @Test
    void onlyIntervalsDividingAnHourAreAFixedGrid() {
        for (String grid : List.of("PT1M", "PT5M", "PT15M", "PT30M", "PT1H")) {
            assertTrue(Buckets.interval("interval", grid).fixedGrid(), grid);
        }
        for (String calendar : List.of("PT45M", "PT2H", "PT6H", "PT24H", "P1D", "P1W", "P1M", "P1Y")) {
            assertFalse(Buckets.interval("interval", calendar).fixedGrid(), calendar);
        }
    }

    @Test
    void theFixedGridGivesTheBucketsTheCalendarWalkGives() {
        java.util.Random random = new java.util.Random(7);
        List<String> intervals = List.of("PT1M", "PT5M", "PT10M", "PT15M", "PT20M", "PT30M", "PT1H");
        Instant from = Instant.parse("2026-03-27T00:00:00Z");
        for (int i = 0; i < 3000; i++) {
            Buckets.Interval interval = Buckets.interval("interval", intervals.get(i % intervals.size()));
            Instant a = from.plusSeconds(random.nextInt(300 * 86400)).plusNanos(i % 5 == 0 ? random.nextInt(1_000_000_000) : 0);
            if (i % 3 == 0) {
                a = Instant.ofEpochSecond(a.getEpochSecond() - Math.floorMod(a.getEpochSecond(), 300));
            }
            Instant b = a.plusSeconds(1 + random.nextInt(interval.minutes() * 60 * (i % 2 == 0 ? 3 : 400)));
            if (i % 4 == 0) {
                b = Instant.ofEpochSecond(b.getEpochSecond() - Math.floorMod(b.getEpochSecond(), 3600));
                if (!b.isAfter(a)) {
                    continue;
                }
            }
            assertEquals(Buckets.walk(a, b, interval, 10_000, "interval"), Buckets.of(a, b, interval, 10_000, "interval"),
                    interval.text() + " " + a + "/" + b);
        }
        // the limit counts the same
        Buckets.Interval minute = Buckets.interval("interval", "PT1M");
        Instant a = Instant.parse("2026-01-01T00:00:30Z");
        assertEquals(10_000, Buckets.of(a, a.plusSeconds(9_999 * 60 + 30), minute, 10_000, "interval").size());
        assertEquals(10_000, Buckets.walk(a, a.plusSeconds(9_999 * 60 + 30), minute, 10_000, "interval").size());
        assertThrows(TweelingException.class, () -> Buckets.of(a, a.plusSeconds(9_999 * 60 + 31), minute, 10_000, "interval"));
        assertThrows(TweelingException.class, () -> Buckets.walk(a, a.plusSeconds(9_999 * 60 + 31), minute, 10_000, "interval"));
    }
}
