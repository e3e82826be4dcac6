package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The character of a buurt and the building programme derived from it. The character comes from
 * the buurt's name (Bedrijventerrein = industrial estate, Kantorenterrein = offices), its wijk
 * (Binnenstad = medieval centre, the 19th/early-20th century rings around it) and its number of
 * dwellings (fewer than 300 = rural). It fixes the street grid (spacing, setbacks), the mix of
 * building types and the construction-year range. The programme holds residential buildings whose
 * nominal dwellings add up exactly to the buurt's dwelling target, plus non-residential buildings
 * and the buildings hosting the buurt's schools, GP practices and supermarkets.
 */
final class BuurtProfile {
    enum Kind { CENTRE, PREWAR, POSTWAR, SUBURB, RURAL, INDUSTRIAL, OFFICE }

    final AreaTable.Buurt buurt;
    final Kind kind;
    /** Street spacing (block depth between street centre lines), block length, street half width (m). */
    final double s, t, hw;
    final double setMin, setMax, gapMin, gapMax;
    /** Jitter of the distance ranking of frontages (wider = more scattered development). */
    final double jitterMin, jitterMax;
    final int yearLo, yearHi;
    /** Typical built fraction of the developed zone, used to size parks around it. */
    final double coverage;
    final String[] suffixes;
    final int theme;
    /** Largest factor by which gaps between buildings may grow to spread a small programme over a large cell. */
    final double maxSpread;

    private BuurtProfile(AreaTable.Buurt b, Kind k, double s, double t, double hw, double setMin, double setMax,
                         double gapMin, double gapMax, double jMin, double jMax, int yearLo, int yearHi,
                         double coverage, String[] suffixes, int theme) {
        this.buurt = b;
        this.kind = k;
        this.s = s;
        this.t = t;
        this.hw = hw;
        this.setMin = setMin;
        this.setMax = setMax;
        this.gapMin = gapMin;
        this.gapMax = gapMax;
        this.jitterMin = jMin;
        this.jitterMax = jMax;
        this.yearLo = yearLo;
        this.yearHi = yearHi;
        this.coverage = coverage;
        this.suffixes = suffixes;
        this.theme = theme;
        this.maxSpread = switch (k) {
            case CENTRE -> 1.5;
            case PREWAR -> 2.5;
            case POSTWAR, SUBURB -> 5;
            case RURAL -> 1;
            case INDUSTRIAL -> 2.5;
            case OFFICE -> 3;
        };
    }

    static Kind kindOf(AreaTable.Buurt b) {
        String name = b.name().toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("bedrijventerrein")) {
            return Kind.INDUSTRIAL;
        }
        if (name.startsWith("kantorenterrein")) {
            return Kind.OFFICE;
        }
        String w = b.wijkCode();
        if (w.equals("10")) {
            return Kind.CENTRE;
        }
        if (w.equals("11") || w.equals("12") || w.equals("13") || w.equals("14")) {
            return b.code().equals("136") ? Kind.SUBURB : Kind.PREWAR;
        }
        if (b.dwellingsOrZero() < 300) {
            return Kind.RURAL;
        }
        if (w.equals("20") || w.equals("30") || w.equals("31") || w.equals("50")) {
            return Kind.POSTWAR;
        }
        return Kind.SUBURB;
    }

    static BuurtProfile of(AreaTable.Buurt b) {
        Kind k = kindOf(b);
        int[] years = years(b, k);
        int theme = Math.floorMod(Integer.parseInt(b.code()) * 7 + Integer.parseInt(b.wijkCode()), StreetNames.THEMES.length);
        return switch (k) {
            case CENTRE -> new BuurtProfile(b, k, 44, 92, 4.5, 0, 0.4, 0.6, 1.1, 0.9, 1.1, years[0], years[1], 0.5,
                    StreetNames.SUFFIX_CENTRE, theme);
            case PREWAR -> new BuurtProfile(b, k, 56, 130, 5.5, 1, 3, 1, 2.2, 0.85, 1.15, years[0], years[1], 0.38,
                    StreetNames.SUFFIX_PREWAR, theme);
            case POSTWAR -> new BuurtProfile(b, k, 68, 150, 6, 3, 6, 2, 5, 0.85, 1.15, years[0], years[1], 0.26,
                    StreetNames.SUFFIX_POSTWAR, theme);
            case SUBURB -> new BuurtProfile(b, k, 62, 140, 6, 3, 6, 1.5, 4.5, 0.85, 1.15, years[0], years[1], 0.28,
                    StreetNames.SUFFIX_SUBURB, theme);
            case RURAL -> new BuurtProfile(b, k, 400, 600, 5, 8, 25, 25, 90, 0.5, 2.0, years[0], years[1], 0.03,
                    StreetNames.SUFFIX_RURAL, theme);
            case INDUSTRIAL -> new BuurtProfile(b, k, 170, 260, 8, 8, 15, 6, 16, 0.8, 1.2, years[0], years[1], 0.35,
                    StreetNames.SUFFIX_WORK, theme);
            case OFFICE -> new BuurtProfile(b, k, 120, 200, 8, 6, 12, 8, 20, 0.8, 1.2, years[0], years[1], 0.25,
                    StreetNames.SUFFIX_WORK, theme);
        };
    }

    private static int[] years(AreaTable.Buurt b, Kind k) {
        if (k == Kind.INDUSTRIAL) {
            return new int[] {1960, 2018};
        }
        if (k == Kind.OFFICE) {
            return new int[] {1975, 2015};
        }
        switch (b.code()) {
            case "136": return new int[] {1992, 2021};
            case "133": return new int[] {1900, 1938};
            case "130": return new int[] {1865, 1935};
            default: break;
        }
        return switch (b.wijkCode()) {
            case "10" -> new int[] {1300, 1900};
            case "11" -> new int[] {1890, 1960};
            case "12" -> new int[] {1900, 1950};
            case "13" -> new int[] {1890, 1965};
            case "14" -> new int[] {1900, 1965};
            case "20" -> new int[] {1960, 2010};
            case "21" -> new int[] {1965, 2005};
            case "22" -> new int[] {1993, 2023};
            case "30" -> new int[] {1962, 1978};
            case "31" -> new int[] {1972, 1990};
            case "40" -> new int[] {1950, 2010};
            case "50" -> new int[] {1956, 1995};
            case "51" -> new int[] {1980, 2002};
            default -> new int[] {1870, 2020};
        };
    }

    /** The dwelling target: the real count, raised where residents would exceed 6 per dwelling. */
    static int dwellingTarget(AreaTable.Buurt b) {
        int d = b.dwellingsOrZero();
        int minForResidents = (b.residentsOrZero() + Addresses.MAX_RESIDENTS - 1) / Addresses.MAX_RESIDENTS;
        return Math.max(d, minForResidents);
    }

    int year(SplittableRandom r) {
        if (kind == Kind.CENTRE) {
            int which = Rng.weighted(r, 0.55, 0.30, 0.15);
            return switch (which) {
                case 0 -> Rng.between(r, 1300, 1850);
                case 1 -> Rng.between(r, 1850, 1940);
                default -> Rng.between(r, 1950, 2024);
            };
        }
        if (Rng.chance(r, 0.08)) {
            // infill and renovation-era replacements
            return Rng.between(r, Math.max(yearLo, 1950), 2024);
        }
        return Rng.between(r, yearLo, yearHi);
    }

    /**
     * The building programme of this buurt, in placement order.
     *
     * @param schools     number of school buildings to include
     * @param gps         number of GP practice buildings
     * @param supermarkets number of supermarkets
     * @param cellAreaHa  area of the buurt's cell (ha)
     */
    List<Spec> program(SplittableRandom r, int schools, int gps, int supermarkets, double cellAreaHa) {
        List<Spec> res = new ArrayList<>();
        int target = dwellingTarget(buurt);
        int cum = 0;
        while (cum < target) {
            Spec sp = residential(r, target - cum);
            if (sp.units > target - cum) {
                resize(sp, target - cum);
            }
            cum += sp.units;
            res.add(sp);
        }
        int resCount = res.size();
        int nonRes = switch (kind) {
            case CENTRE -> (int) Math.round(resCount * 0.42);
            case PREWAR -> (int) Math.round(resCount * 0.10);
            case POSTWAR, SUBURB -> (int) Math.round(resCount * 0.07);
            case RURAL -> (int) Math.round(resCount * 0.65) + 4;
            case INDUSTRIAL -> (int) Math.round(Geo.clamp(cellAreaHa * 0.45, 40, 200));
            case OFFICE -> 70;
        };
        for (int i = 0; i < nonRes; i++) {
            res.add(nonResidential(r));
        }
        Rng.shuffle(r, res);
        List<Spec> fac = new ArrayList<>();
        for (int i = 0; i < schools; i++) {
            fac.add(make(r, Spec.Type.SCHOOL, 0, "school"));
        }
        for (int i = 0; i < gps; i++) {
            fac.add(make(r, Spec.Type.HEALTH, 0, "gp"));
        }
        for (int i = 0; i < supermarkets; i++) {
            fac.add(make(r, Spec.Type.SUPERMARKET, 0, "supermarket"));
        }
        for (Spec f : fac) {
            res.add(r.nextInt(Math.max(1, res.size() / 2 + 1)), f);
        }
        return res;
    }

    private Spec residential(SplittableRandom r, int remaining) {
        switch (kind) {
            case CENTRE: {
                int t = Rng.weighted(r, 0.86, 0.14);
                if (t == 0) {
                    return make(r, Spec.Type.CENTRE_HOUSE, 1 + Rng.weighted(r, 0.42, 0.30, 0.18, 0.10), null);
                }
                return make(r, Spec.Type.APARTMENT, Rng.between(r, 6, 24), null);
            }
            case PREWAR: {
                int t = Rng.weighted(r, 0.55, 0.07, 0.26, 0.12);
                return switch (t) {
                    case 0 -> make(r, Spec.Type.ROW, Rng.between(r, 2, 5), null);
                    case 1 -> make(r, Spec.Type.APARTMENT, Rng.between(r, 8, 30), null);
                    case 2 -> make(r, Spec.Type.CENTRE_HOUSE, 1 + Rng.weighted(r, 0.5, 0.35, 0.15), null);
                    default -> make(r, Spec.Type.SEMI, 2, null);
                };
            }
            case POSTWAR: {
                int t = Rng.weighted(r, 0.70, 0.04, 0.14, 0.12);
                return switch (t) {
                    case 0 -> make(r, Spec.Type.ROW, Rng.between(r, 2, 5), null);
                    case 1 -> make(r, Spec.Type.APARTMENT, Rng.between(r, 16, 48), null);
                    case 2 -> make(r, Spec.Type.SEMI, 2, null);
                    default -> make(r, Spec.Type.DETACHED, 1, null);
                };
            }
            case SUBURB: {
                int t = Rng.weighted(r, 0.55, 0.04, 0.2, 0.21);
                return switch (t) {
                    case 0 -> make(r, Spec.Type.ROW, Rng.between(r, 2, 5), null);
                    case 1 -> make(r, Spec.Type.APARTMENT, Rng.between(r, 12, 40), null);
                    case 2 -> make(r, Spec.Type.SEMI, 2, null);
                    default -> make(r, Spec.Type.DETACHED, 1, null);
                };
            }
            case RURAL: {
                if (remaining > 40 && Rng.chance(r, 0.02)) {
                    return make(r, Spec.Type.APARTMENT, Rng.between(r, 10, 30), null);
                }
                return Rng.chance(r, 0.35) ? make(r, Spec.Type.FARM, 1, null)
                        : make(r, Rng.chance(r, 0.7) ? Spec.Type.DETACHED : Spec.Type.SEMI,
                        Rng.chance(r, 0.7) ? 1 : 2, null);
            }
            case INDUSTRIAL: {
                if (remaining > 20 && Rng.chance(r, 0.3)) {
                    return make(r, Spec.Type.APARTMENT, Rng.between(r, 10, 30), null);
                }
                return make(r, Spec.Type.DETACHED, 1, null);
            }
            default: { // OFFICE
                return make(r, Spec.Type.APARTMENT, Rng.between(r, 20, 60), null);
            }
        }
    }

    private Spec nonResidential(SplittableRandom r) {
        return switch (kind) {
            case CENTRE -> make(r, new Spec.Type[] {Spec.Type.RETAIL, Spec.Type.OFFICE, Spec.Type.OTHER}[
                    Rng.weighted(r, 0.55, 0.25, 0.20)], 0, null);
            case PREWAR, POSTWAR, SUBURB -> make(r, new Spec.Type[] {Spec.Type.RETAIL, Spec.Type.OFFICE,
                Spec.Type.OTHER, Spec.Type.INDUSTRIAL}[Rng.weighted(r, 0.35, 0.22, 0.28, 0.15)], 0, null);
            case RURAL -> make(r, Rng.chance(r, 0.85) ? Spec.Type.BARN : Spec.Type.OTHER, 0, null);
            case INDUSTRIAL -> make(r, new Spec.Type[] {Spec.Type.INDUSTRIAL, Spec.Type.OFFICE, Spec.Type.RETAIL,
                Spec.Type.OTHER}[Rng.weighted(r, 0.70, 0.15, 0.06, 0.09)], 0, null);
            case OFFICE -> make(r, Rng.chance(r, 0.85) ? Spec.Type.OFFICE : Spec.Type.OTHER, 0, null);
        };
    }

    private Spec make(SplittableRandom r, Spec.Type type, int units, String facility) {
        int year = year(r);
        switch (type) {
            case ROW:
                return new Spec(Spec.RESIDENTIAL, type, units * Rng.uniform(r, 5.1, 6.2), Rng.uniform(r, 8.5, 10.5),
                        units, Rng.uniform(r, 8, 10.5), year, false, null);
            case SEMI:
                return new Spec(Spec.RESIDENTIAL, type, units * Rng.uniform(r, 6.5, 8), Rng.uniform(r, 9, 11),
                        units, Rng.uniform(r, 7.5, 9.5), year, false, null);
            case DETACHED:
                return new Spec(Spec.RESIDENTIAL, type, Rng.uniform(r, 8, 12), Rng.uniform(r, 9, 13), units,
                        Rng.uniform(r, 6, 9), year, Rng.chance(r, 0.35), null);
            case CENTRE_HOUSE:
                return new Spec(Spec.RESIDENTIAL, type, Rng.uniform(r, 5, 10), Rng.uniform(r, 10, 16), units,
                        Rng.uniform(r, 8, 15), year, Rng.chance(r, 0.25), null);
            case APARTMENT: {
                int floors = kind == Kind.CENTRE ? Rng.between(r, 3, 5) : Rng.between(r, 3, 9);
                double d = Rng.uniform(r, 11, 16);
                double w = Geo.clamp(units * 85.0 / (floors * d), 14, 60);
                if (kind != Kind.CENTRE) {
                    year = Math.max(year, 1950 + r.nextInt(20));
                }
                return new Spec(Spec.RESIDENTIAL, type, w, d, units, floors * 3.0 + Rng.uniform(r, 0.5, 2.5), year,
                        Rng.chance(r, 0.2), null);
            }
            case FARM:
                return new Spec(Spec.RESIDENTIAL, type, Rng.uniform(r, 10, 14), Rng.uniform(r, 12, 18), units,
                        Rng.uniform(r, 7, 10), Rng.between(r, 1850, 1975), Rng.chance(r, 0.4), null);
            case BARN:
                return new Spec(Spec.OTHER, type, Rng.uniform(r, 12, 30), Rng.uniform(r, 10, 20), 0,
                        Rng.uniform(r, 4, 8), Rng.between(r, 1950, 2020), false, null);
            case RETAIL:
                return new Spec(Spec.RETAIL, type, Rng.uniform(r, 8, 26), Rng.uniform(r, 12, 22), 0,
                        kind == Kind.CENTRE ? Rng.uniform(r, 9, 16) : Rng.uniform(r, 5, 12), year, false, null);
            case SUPERMARKET:
                return new Spec(Spec.RETAIL, type, Rng.uniform(r, 30, 48), Rng.uniform(r, 24, 36), 0,
                        Rng.uniform(r, 6, 8.5), Math.max(year, Rng.between(r, 1965, 2022)), false, facility);
            case OFFICE:
                return new Spec(Spec.OFFICE, type, Rng.uniform(r, 15, 45), Rng.uniform(r, 12, 25), 0,
                        kind == Kind.OFFICE ? Rng.uniform(r, 12, 60) : Rng.uniform(r, 9, 30),
                        Math.max(year, 1900), Rng.chance(r, 0.3), null);
            case INDUSTRIAL:
                return new Spec(Spec.INDUSTRIAL, type, Rng.uniform(r, 25, 100), Rng.uniform(r, 20, 70), 0,
                        Rng.uniform(r, 6, 15), Math.max(year, 1950), false, null);
            case SCHOOL:
                return new Spec(Spec.EDUCATION, type, Rng.uniform(r, 30, 60), Rng.uniform(r, 16, 26), 0,
                        Rng.uniform(r, 7, 12), Math.max(year, 1900), Rng.chance(r, 0.5), facility);
            case HEALTH:
                return new Spec(Spec.HEALTH, type, Rng.uniform(r, 12, 25), Rng.uniform(r, 10, 18), 0,
                        Rng.uniform(r, 6, 10), Math.max(year, 1950), false, facility);
            default:
                return new Spec(Spec.OTHER, type, Rng.uniform(r, 10, 25), Rng.uniform(r, 10, 20), 0,
                        Rng.uniform(r, 6, 20), year, false, null);
        }
    }

    private static void resize(Spec sp, int units) {
        if (sp.type == Spec.Type.ROW || sp.type == Spec.Type.SEMI) {
            double unitW = sp.w / sp.units;
            sp.units = units;
            sp.w = unitW * units;
        } else {
            sp.units = units;
        }
    }
}
