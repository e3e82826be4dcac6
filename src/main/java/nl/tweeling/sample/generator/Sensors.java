package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.linearref.LengthIndexedLine;

/**
 * Sensor things, their datastreams and seven days of observations. Observation times are offsets
 * in seconds before a load anchor (-604800 … 0); the shapes assume the anchor is a Monday 00:00
 * local time, so offsets -172800 … -1 are the weekend. Hourly steps, except water level every
 * 10 minutes. Values follow daily rhythms: NO2 and noise with rush-hour peaks and night lows,
 * traffic counts with morning/evening peaks and quieter weekends, parking occupancy peaking in the
 * day (Saturday highest), a slowly varying IJssel level (cm relative to NAP) and air temperature
 * with a daily cycle on top of a shared, slowly varying weather pattern.
 */
final class Sensors {
    static final String NO2 = "NO2", PM10 = "PM10", PM25 = "PM2.5", TRAFFIC = "traffic_count",
            PARKING = "parking_occupancy", WATER = "water_level", TEMP = "air_temperature", NOISE = "noise_level";
    static final List<String> PROPERTIES = List.of(NO2, PM10, PM25, TRAFFIC, PARKING, WATER, TEMP, NOISE);
    static final int WEEK = 7 * 24 * 3600;

    record Thing(String key, String name, String description, double x, double y) {
    }

    record Datastream(String key, String thingKey, String property, String name, String description) {
    }

    /** A stream of results: model parameters per datastream. */
    private record Model(Datastream ds, double a, double b, int intensity) {
    }

    final List<Thing> things = new ArrayList<>();
    final List<Datastream> datastreams = new ArrayList<>();
    private final List<Model> models = new ArrayList<>();
    private final double[] phase = new double[8];

    /** Builds things and datastreams at positions derived from the buurten and roads. */
    static Sensors build(Map<String, AreaTable.Buurt> buurten, List<Road> roads, Terrain terrain, long seed) {
        Sensors s = new Sensors();
        SplittableRandom r = Rng.of(seed, 0x5E4501L);
        for (int i = 0; i < s.phase.length; i++) {
            s.phase[i] = r.nextDouble() * 2 * Math.PI;
        }
        // air-quality stations: NO2, PM10, PM2.5 and temperature
        String[][] aq = {{"100", "Binnenstad", "urban background"}, {"130", "Stationsbuurt", "traffic"},
            {"224", "Milligen", "urban background"}, {"302", "Holtenbroek II", "urban background"},
            {"404", "Hessenpoort A28", "motorway"}, {"503", "Schellerlanden", "urban background"}};
        for (int i = 0; i < aq.length; i++) {
            AreaTable.Buurt b = buurten.get(aq[i][0]);
            String key = String.format(java.util.Locale.ROOT, "aq-%02d", i + 1);
            double traffic = aq[i][2].equals("urban background") ? 0.6 : aq[i][2].equals("traffic") ? 1.3 : 1.6;
            s.thing(key, "Luchtmeetstation " + aq[i][1], "Air-quality station (" + aq[i][2] + ") in " + b.name(),
                    b.x() + Rng.uniform(r, -60, 60), b.y() + Rng.uniform(r, -60, 60));
            s.stream(key, NO2, "NO2 " + aq[i][1], "Nitrogen dioxide, hourly mean, µg/m³", traffic, Rng.uniform(r, 9, 15), 0);
            s.stream(key, PM10, "PM10 " + aq[i][1], "Particulate matter < 10 µm, hourly mean, µg/m³", traffic,
                    Rng.uniform(r, 11, 16), 0);
            s.stream(key, PM25, "PM2.5 " + aq[i][1], "Particulate matter < 2.5 µm, hourly mean, µg/m³", traffic,
                    Rng.uniform(r, 6, 9), 0);
            s.stream(key, TEMP, "Temperatuur " + aq[i][1], "Air temperature at 1.5 m, hourly mean, °C", 0,
                    Rng.uniform(r, -0.3, 0.6), 0);
        }
        // low-cost particulate sensors
        String[] pm = {"112", "121", "131", "141", "210", "220", "311", "400", "506", "514"};
        for (int i = 0; i < pm.length; i++) {
            AreaTable.Buurt b = buurten.get(pm[i]);
            String key = String.format(java.util.Locale.ROOT, "pm-%02d", i + 1);
            s.thing(key, "Fijnstofsensor " + b.name(), "Low-cost particulate sensor on a façade in " + b.name(),
                    b.x() + Rng.uniform(r, -150, 150), b.y() + Rng.uniform(r, -150, 150));
            s.stream(key, PM10, "PM10 " + b.name(), "Particulate matter < 10 µm, hourly mean, µg/m³", 0.5,
                    Rng.uniform(r, 11, 17), 0);
            s.stream(key, PM25, "PM2.5 " + b.name(), "Particulate matter < 2.5 µm, hourly mean, µg/m³", 0.5,
                    Rng.uniform(r, 6, 10), 0);
        }
        // traffic counting loops on motorways and arterials
        List<Road> counted = new ArrayList<>();
        for (Road road : roads) {
            if (road.roadClass.equals(Road.MOTORWAY) || road.roadClass.equals(Road.ARTERIAL)) {
                counted.add(road);
            }
        }
        int nTraffic = Math.min(10, counted.size());
        for (int i = 0; i < nTraffic; i++) {
            Road road = counted.get((int) ((long) i * counted.size() / nTraffic));
            LineString ls = Geo.lines(road.geom).get(0);
            Coordinate c = new LengthIndexedLine(ls).extractPoint(ls.getLength() * Rng.uniform(r, 0.3, 0.7));
            String key = String.format(java.util.Locale.ROOT, "tc-%02d", i + 1);
            s.thing(key, "Telpunt " + road.name + " " + (i + 1), "Induction-loop traffic counter on " + road.name
                    + " (" + road.roadClass + ")", c.x, c.y);
            s.stream(key, TRAFFIC, "Verkeersintensiteit " + road.name + " " + (i + 1),
                    "Motor vehicles counted in the hour, both directions, veh/h", 0, 0, road.intensity);
        }
        // parking garages around the centre
        String[][] parking = {{"100", "Broerenkerkplein"}, {"101", "Noordereiland"}, {"130", "Stationsplein"},
            {"136", "Hanzeland"}, {"113", "Dieze"}, {"131", "Assendorp"}};
        for (int i = 0; i < parking.length; i++) {
            AreaTable.Buurt b = buurten.get(parking[i][0]);
            String key = String.format(java.util.Locale.ROOT, "pg-%02d", i + 1);
            s.thing(key, "Parkeergarage " + parking[i][1], "Parking garage in " + b.name(),
                    b.x() + Rng.uniform(r, -80, 80), b.y() + Rng.uniform(r, -80, 80));
            double peak = i < 3 ? Rng.uniform(r, 78, 92) : Rng.uniform(r, 55, 75);
            s.stream(key, PARKING, "Bezetting " + parking[i][1], "Occupied share of parking spaces, %", peak, 0, 0);
        }
        // water level gauges
        Coordinate katerveer = nearestOn(terrain.ijssel, 201_000, 501_450);
        s.thing("wl-01", "Waterstand IJssel Katerveer", "Water level gauge in the IJssel at Katerveer",
                katerveer.x, katerveer.y);
        s.stream("wl-01", WATER, "Waterstand IJssel Katerveer", "Water level, cm relative to NAP, 10-minute values",
                165, 0, 0);
        Coordinate zw = nearestOn(terrain.zwarteWater, 201_450, 504_900);
        s.thing("wl-02", "Waterstand Zwarte Water", "Water level gauge in the Zwarte Water near Holtenbroek",
                zw.x, zw.y);
        s.stream("wl-02", WATER, "Waterstand Zwarte Water", "Water level, cm relative to NAP, 10-minute values",
                45, 0, 0);
        // weather stations
        String[] wx = {"220", "400", "412", "136"};
        for (int i = 0; i < wx.length; i++) {
            AreaTable.Buurt b = buurten.get(wx[i]);
            String key = String.format(java.util.Locale.ROOT, "wx-%02d", i + 1);
            s.thing(key, "Weerstation " + b.name(), "Automatic weather station in " + b.name(),
                    b.x() + Rng.uniform(r, -100, 100), b.y() + Rng.uniform(r, -100, 100));
            double urban = wx[i].equals("412") ? -0.6 : (wx[i].equals("136") ? 0.5 : 0.1);
            s.stream(key, TEMP, "Temperatuur " + b.name(), "Air temperature at 1.5 m, hourly mean, °C", 0, urban, 0);
        }
        // noise sensors: near the A28, on the ring, in the centre, in quiet streets
        String[][] noise = {{"404", "A28 Hessenpoort", "68", "52"}, {"410", "A28 Herfte", "66", "50"},
            {"302", "Ringweg Noord", "63", "47"}, {"134", "Ringweg Oost", "62", "46"},
            {"100", "Grote Markt", "60", "44"}, {"101", "Thorbeckegracht", "57", "42"},
            {"226", "Breecamp", "50", "39"}, {"511", "Ittersumerlanden", "49", "38"}};
        for (int i = 0; i < noise.length; i++) {
            AreaTable.Buurt b = buurten.get(noise[i][0]);
            String key = String.format(java.util.Locale.ROOT, "ns-%02d", i + 1);
            s.thing(key, "Geluidssensor " + noise[i][1], "Sound level meter in " + b.name(),
                    b.x() + Rng.uniform(r, -120, 120), b.y() + Rng.uniform(r, -120, 120));
            s.stream(key, NOISE, "Geluidsniveau " + noise[i][1], "Equivalent sound level LAeq over the hour, dB(A)",
                    Double.parseDouble(noise[i][2]), Double.parseDouble(noise[i][3]), 0);
        }
        return s;
    }

    private static Coordinate nearestOn(LineString line, double x, double y) {
        LengthIndexedLine lil = new LengthIndexedLine(line);
        double idx = lil.project(new Coordinate(x, y));
        return lil.extractPoint(idx);
    }

    private void thing(String key, String name, String description, double x, double y) {
        things.add(new Thing(key, name, description, Geo.round2(Geo.clamp(x, Geo.MIN_X, Geo.MAX_X)),
                Geo.round2(Geo.clamp(y, Geo.MIN_Y, Geo.MAX_Y))));
    }

    private void stream(String thingKey, String property, String name, String description, double a, double b,
                        int intensity) {
        String suffix = property.toLowerCase(java.util.Locale.ROOT).replace(".", "").replace("_", "-");
        Datastream ds = new Datastream(thingKey + "-" + suffix, thingKey, property, name, description);
        datastreams.add(ds);
        models.add(new Model(ds, a, b, intensity));
    }

    /** Receives observations in datastream order, offsets ascending. */
    interface Sink {
        void accept(String datastreamKey, int offset, String result);
    }

    /** Emits every observation; returns the number emitted. */
    int observations(long seed, Sink sink) {
        int count = 0;
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            SplittableRandom r = Rng.of(seed, 0x0B5L * 1000 + i);
            String p = m.ds.property();
            int step = p.equals(WATER) ? 600 : 3600;
            double ar = 0;
            for (int off = -WEEK; off <= 0; off += step) {
                double h = Math.floorMod(off, 86_400) / 3600.0;
                int dow = Math.floorMod(Math.floorDiv(off, 86_400), 7); // 0 = Monday
                double tp = trafficProfile(h, dow);
                double wx = weather(off); // -1..1 slowly varying: +1 = stagnant, polluted, warm
                ar = 0.7 * ar + 0.3 * Rng.gaussian(r);
                String result;
                switch (p) {
                    case NO2 -> result = Fmt.dec(Geo.clamp(m.b + 6 * wx + 22 * m.a * tp + 2.5 * ar, 6, 75), 1);
                    case PM10 -> result = Fmt.dec(Geo.clamp(m.b + 8 * wx + 4 * m.a * tp + 2.0 * ar, 4, 45), 1);
                    case PM25 -> result = Fmt.dec(Geo.clamp(m.b + 5 * wx + 2.5 * m.a * tp + 1.2 * ar, 2, 35), 1);
                    case TRAFFIC -> {
                        double daily = m.intensity * (dow == 5 ? 0.78 : dow == 6 ? 0.62 : 1.0);
                        double v = daily * tp / TRAFFIC_SUM * (1 + 0.06 * ar);
                        result = Long.toString(Math.max(0, Math.round(v)));
                    }
                    case PARKING -> {
                        double peakH = dow == 6 ? 15 : 13.5;
                        double level = dow == 5 ? 1.08 : dow == 6 ? 0.55 : 0.92;
                        double g = Math.exp(-Math.pow((h - peakH) / 3.2, 2));
                        double evening = dow == 3 ? 0.25 * Math.exp(-Math.pow((h - 19.5) / 1.5, 2)) : 0;
                        double v = 6 + (m.a - 6) * level * (g + evening) + 3 * ar;
                        result = Fmt.dec(Geo.clamp(v, 0, 100), 1);
                    }
                    case WATER -> {
                        double t = off / 86_400.0;
                        double v = m.a + (m.a > 100 ? 45 : 12) * Math.sin(2 * Math.PI * t / 9.0 + phase[3])
                                + (m.a > 100 ? 14 : 6) * Math.sin(2 * Math.PI * t / 2.3 + phase[4])
                                + 3 * Math.sin(2 * Math.PI * t / 0.517 + phase[5]) + 0.8 * ar;
                        result = Fmt.dec(v, 0);
                    }
                    case TEMP -> {
                        double v = 9.5 + 3.0 * wx + 4.5 * Math.cos(2 * Math.PI * (h - 15) / 24) + m.b + 0.35 * ar;
                        result = Fmt.dec(v, 1);
                    }
                    case NOISE -> {
                        double busy = tp / TRAFFIC_PEAK;
                        double v = m.b + (m.a - m.b) * Math.min(1.0, busy * 1.2) + 1.5 * ar;
                        result = Fmt.dec(Geo.clamp(v, 35, 80), 1);
                    }
                    default -> throw new IllegalStateException(p);
                }
                sink.accept(m.ds.key(), off, result);
                count++;
            }
        }
        return count;
    }

    /** Sum over the 24 hours of a weekday profile, and its peak (for normalisation). */
    static final double TRAFFIC_SUM, TRAFFIC_PEAK;

    static {
        double s = 0, pk = 0;
        for (int h = 0; h < 24; h++) {
            double v = trafficProfile(h + 0.5, 0);
            s += v;
            pk = Math.max(pk, v);
        }
        TRAFFIC_SUM = s;
        TRAFFIC_PEAK = pk;
    }

    /** Relative traffic by hour of day (0–24) and day of week (0 = Monday). */
    static double trafficProfile(double h, int dow) {
        if (dow >= 5) {
            return 0.08 + 0.75 * Math.exp(-Math.pow((h - 14) / 3.8, 2));
        }
        return 0.06 + 1.0 * Math.exp(-Math.pow((h - 8) / 1.2, 2)) + 0.9 * Math.exp(-Math.pow((h - 17) / 1.5, 2))
                + 0.55 * Math.exp(-Math.pow((h - 12.5) / 3.5, 2));
    }

    private double weather(int off) {
        double t = off / 86_400.0;
        return 0.7 * Math.sin(2 * Math.PI * t / 5.5 + phase[0]) + 0.3 * Math.sin(2 * Math.PI * t / 2.1 + phase[1]);
    }
}
