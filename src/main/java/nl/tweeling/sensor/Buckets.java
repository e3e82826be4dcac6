package nl.tweeling.sensor;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.tweeling.common.problem.TweelingException;

/**
 * The time buckets of {@code /datastreams/{id}/aggregate}: an ISO 8601 duration cut into buckets aligned to the
 * city's local time (Europe/Amsterdam). Pure Java, stateless, thread-safe.
 *
 * <ul>
 * <li>An interval of minutes or hours ({@code PTnM}, {@code PTnH}; it must divide a day) has a boundary at every
 * instant where the local clock shows a whole multiple of the interval after midnight. So {@code PT1H} buckets are
 * plain hours (the 23-hour day has 23, the 25-hour day 25, the repeated 02:00–03:00 counts twice) and
 * {@code PT6H} buckets start at local 00:00, 06:00, 12:00 and 18:00 (on a daylight-saving day the first of them
 * is 5 or 7 hours long).</li>
 * <li>An interval of days, weeks, months or years ({@code PnD}, {@code PnW}, {@code PnM}, {@code P1Y}) steps on
 * the local calendar from local midnight: a {@code P1D} bucket is a local day (23, 24 or 25 hours). The first
 * bucket starts at the local day, ISO week (Monday), month or year holding the request's start; multiples count
 * from there.</li>
 * <li>The first and last buckets are cut to the requested [start, end), so every bucket's start and end are
 * exactly the instants it covers.</li>
 * </ul>
 */
public final class Buckets {

    /** The city's time zone: buckets are aligned to its clock and calendar. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    private static final Pattern TIME = Pattern.compile("PT([0-9]{1,6})([HM])");
    private static final Pattern DATE = Pattern.compile("P([0-9]{1,4})([DWMY])");
    private static final int MINUTES_PER_DAY = 24 * 60;

    /** One bucket: [start, end). */
    public record Bucket(Instant start, Instant end) {
    }

    /** A parsed interval: either {@code minutes} (dividing a day) or a count of a calendar {@code unit}. */
    public record Interval(String text, int minutes, int count, char unit) {

        /**
         * True when every bucket boundary is a whole UTC hour, so the hourly rollups serve whole hours: intervals
         * of whole hours or calendar units (Europe/Amsterdam's offsets are whole hours, so a local hour is a UTC
         * hour).
         */
        public boolean alignedToHours() {
            return unit != 'T' || minutes % 60 == 0;
        }

        /**
         * True when the buckets are a fixed grid in UTC, multiples of the interval since the epoch: intervals of
         * minutes that divide an hour, and PT1H (Europe/Amsterdam's offsets are whole hours, so such a local grid
         * is the UTC grid on every day, the daylight-saving days included).
         */
        public boolean fixedGrid() {
            return unit == 'T' && 60 % minutes == 0;
        }

        /** True when every bucket boundary is a local midnight, so the daily rollups serve whole days. */
        public boolean alignedToDays() {
            return unit != 'T' || minutes == MINUTES_PER_DAY;
        }
    }

    private Buckets() {
    }

    /** Parses an ISO 8601 duration from PT1M to P1Y; anything else is a 400 naming {@code parameter}. */
    public static Interval interval(String parameter, String raw) {
        if (raw == null || raw.isBlank()) {
            throw TweelingException.badParameter(parameter, parameter + " is required: an ISO 8601 duration such as"
                    + " PT15M, PT1H, P1D, P1W, P1M or P1Y.");
        }
        String s = raw.strip();
        String expected = " Give one ISO 8601 duration with one unit, from PT1M to P1Y: PTnM or PTnH dividing a day"
                + " (PT1M, PT5M, PT15M, PT1H, PT6H, …), or PnD, PnW, PnM, P1Y.";
        Matcher t = TIME.matcher(s);
        if (t.matches()) {
            int n = Integer.parseInt(t.group(1));
            long minutes = t.group(2).equals("H") ? n * 60L : n;
            if (minutes < 1 || minutes > MINUTES_PER_DAY || MINUTES_PER_DAY % minutes != 0) {
                throw TweelingException.badParameter(parameter, parameter + " " + shown(s)
                        + " does not divide a day into whole buckets." + expected);
            }
            return new Interval(s, (int) minutes, 0, 'T');
        }
        Matcher d = DATE.matcher(s);
        if (d.matches()) {
            int n = Integer.parseInt(d.group(1));
            char unit = d.group(2).charAt(0);
            int max = switch (unit) {
                case 'D' -> 366;
                case 'W' -> 52;
                case 'M' -> 12;
                default -> 1;
            };
            if (n < 1 || n > max) {
                throw TweelingException.badParameter(parameter, parameter + " " + shown(s)
                        + " is outside PT1M to P1Y." + expected);
            }
            return new Interval(s, 0, n, unit);
        }
        throw TweelingException.badParameter(parameter, parameter + " " + shown(s) + " is not a supported interval."
                + expected);
    }

    /**
     * The buckets of [start, end) for {@code interval}, in time order; more than {@code maxBuckets} is a 400
     * naming {@code parameter} (the interval).
     */
    public static List<Bucket> of(Instant start, Instant end, Interval interval, int maxBuckets, String parameter) {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("start must be before end");
        }
        if (!interval.fixedGrid()) {
            return walk(start, end, interval, maxBuckets, parameter);
        }
        // a fixed UTC grid: the boundaries are multiples of the step since the epoch
        long step = interval.minutes() * 60L;
        long firstBoundary = Math.floorDiv(start.getEpochSecond(), step) * step + step;   // the first after start
        long lastBoundary = end.getEpochSecond() - Math.floorMod(end.getEpochSecond(), step);
        if (lastBoundary == end.getEpochSecond() && end.getNano() == 0) {
            lastBoundary -= step;                                                         // the last before end
        }
        long count = lastBoundary < firstBoundary ? 1 : (lastBoundary - firstBoundary) / step + 2;
        if (count > maxBuckets) {
            throw tooMany(interval, maxBuckets, parameter);
        }
        List<Bucket> out = new ArrayList<>((int) count);
        Instant previous = start;
        for (long b = firstBoundary; b <= lastBoundary; b += step) {
            Instant boundary = Instant.ofEpochSecond(b);
            out.add(new Bucket(previous, boundary));
            previous = boundary;
        }
        out.add(new Bucket(previous, end));
        return out;
    }

    private static TweelingException tooMany(Interval interval, int maxBuckets, String parameter) {
        return TweelingException.badParameter(parameter, parameter + " " + interval.text()
                + " makes more than " + maxBuckets + " buckets in this datetime; choose a longer interval"
                + " or a shorter datetime.");
    }

    /** {@link #of} by walking the local calendar: any interval (the fixed-grid ones too, which tests compare). */
    static List<Bucket> walk(Instant start, Instant end, Interval interval, int maxBuckets, String parameter) {
        List<Bucket> out = new ArrayList<>();
        Instant previous = null;
        for (Instant boundary : new BoundaryIterator(start, interval)) {
            if (previous != null && boundary.isAfter(start)) {
                Instant s = previous.isBefore(start) ? start : previous;
                Instant e = boundary.isAfter(end) ? end : boundary;
                out.add(new Bucket(s, e));
                if (out.size() > maxBuckets) {
                    throw tooMany(interval, maxBuckets, parameter);
                }
            }
            if (!boundary.isBefore(end)) {
                break;
            }
            previous = boundary;
        }
        return out;
    }

    private static String shown(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }

    /** The boundaries from the one at or before {@code start} onwards, without end. */
    private static final class BoundaryIterator implements Iterable<Instant> {
        private final Instant start;
        private final Interval interval;

        BoundaryIterator(Instant start, Interval interval) {
            this.start = start;
            this.interval = interval;
        }

        @Override
        public java.util.Iterator<Instant> iterator() {
            LocalDate firstDay = start.atZone(ZONE).toLocalDate();
            if (interval.unit() == 'T') {
                return new java.util.Iterator<>() {
                    LocalDate day = firstDay;
                    final java.util.ArrayDeque<Instant> pending = new java.util.ArrayDeque<>();

                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public Instant next() {
                        while (pending.isEmpty()) {
                            pending.addAll(dayBoundaries(day, interval.minutes()));
                            day = day.plusDays(1);
                        }
                        return pending.poll();
                    }
                };
            }
            LocalDate first = switch (interval.unit()) {
                case 'W' -> firstDay.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case 'M' -> firstDay.withDayOfMonth(1);
                case 'Y' -> firstDay.withDayOfYear(1);
                default -> firstDay;
            };
            return new java.util.Iterator<>() {
                long step = 0;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Instant next() {
                    long n = step++ * interval.count();
                    LocalDate d = switch (interval.unit()) {
                        case 'W' -> first.plusWeeks(n);
                        case 'M' -> first.plusMonths(n);
                        case 'Y' -> first.plusYears(n);
                        default -> first.plusDays(n);
                    };
                    return d.atStartOfDay(ZONE).toInstant();
                }
            };
        }
    }

    /**
     * The instants of one local day at which the clock shows a multiple of {@code minutes} after midnight: none
     * for a clock time the spring change skips, two for one the autumn change repeats.
     */
    static List<Instant> dayBoundaries(LocalDate day, int minutes) {
        TreeSet<Instant> set = new TreeSet<>();
        LocalDateTime midnight = day.atStartOfDay();
        for (int m = 0; m < MINUTES_PER_DAY; m += minutes) {
            LocalDateTime local = midnight.plusMinutes(m);
            for (ZoneOffset offset : ZONE.getRules().getValidOffsets(local)) {
                set.add(local.toInstant(offset));
            }
        }
        return new ArrayList<>(set);
    }

    /** {@code t} as RFC 3339 in local time, e.g. {@code 2026-03-29T03:00:00+02:00}. */
    public static String local(Instant t) {
        java.time.ZoneOffset offset = ZONE.getRules().getOffset(t);
        if (t.getNano() != 0) {
            return t.atOffset(offset).format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        // whole seconds (every bucket boundary but a cut first or last one): written by hand, as
        // ISO_OFFSET_DATE_TIME writes them, since an aggregate writes thousands of them per answer
        java.time.LocalDateTime l = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, offset);
        if (l.getYear() < 0 || l.getYear() > 9999) {
            return t.atOffset(offset).format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        StringBuilder b = new StringBuilder(25);
        pad(b, l.getYear(), 4).append('-');
        pad(b, l.getMonthValue(), 2).append('-');
        pad(b, l.getDayOfMonth(), 2).append('T');
        pad(b, l.getHour(), 2).append(':');
        pad(b, l.getMinute(), 2).append(':');
        pad(b, l.getSecond(), 2);
        return b.append(offset.getId()).toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }
}
