package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Deterministic, Dutch-sounding street names. A buurt draws its names from one theme (trees,
 * birds, painters, Hanseatic towns, ...) combined with suffixes that fit its character; every
 * name handed out is unique across the whole sample. Names are invented combinations, not a
 * copy of Zwolle's street register.
 */
final class StreetNames {
    static final String[][] THEMES = {
        {"Linden", "Eiken", "Beuken", "Berken", "Elzen", "Essen", "Iepen", "Wilgen", "Populieren", "Kastanje",
         "Platanen", "Esdoorn", "Hazelaar", "Lijsterbes", "Meidoorn", "Vlier", "Taxus", "Hulst", "Acacia", "Walnoot",
         "Kersen", "Appel", "Peren", "Pruimen", "Sparren", "Dennen", "Lariks", "Ceder", "Moerbei", "Mispel"},
        {"Rozen", "Tulpen", "Lelie", "Narcissen", "Krokus", "Anjer", "Irissen", "Violieren", "Margriet", "Zonnebloem",
         "Klaproos", "Korenbloem", "Hyacinten", "Dahlia", "Asters", "Lavendel", "Heide", "Boterbloem", "Madelief",
         "Sleutelbloem", "Goudsbloem", "Vingerhoedskruid", "Ridderspoor", "Akelei", "Pioen", "Seringen", "Jasmijn"},
        {"Merel", "Lijster", "Vinken", "Mezen", "Spreeuwen", "Zwaluw", "Reiger", "Kievit", "Grutto", "Wulp",
         "Tureluur", "Ooievaar", "Havik", "Buizerd", "Uilen", "Specht", "Roodborst", "Winterkoning", "Leeuwerik",
         "Nachtegaal", "Koekoek", "Fazanten", "Patrijs", "Zwanen", "Meeuwen", "Snip", "Kraanvogel", "IJsvogel"},
        {"Rembrandt", "Vermeer", "Frans Hals", "Jan Steen", "Mondriaan", "Van Gogh", "Breitner", "Israëls",
         "Mesdag", "Ruysdael", "Hobbema", "Avercamp", "Van Goyen", "Cuyp", "Paulus Potter", "Maris", "Mauve",
         "Toorop", "Weissenbruch", "Ter Borch", "Jongkind", "Van der Helst", "Dou", "Metsu", "Van Ostade"},
        {"Vondel", "Bredero", "Hooft", "Huygens", "Jacob Cats", "Multatuli", "Bilderdijk", "Da Costa", "Potgieter",
         "Nicolaas Beets", "Tollens", "Staring", "Gorter", "Couperus", "Alberdingk Thijm", "Van Lennep",
         "Van Eeden", "Heijermans", "Jacques Perk", "Kloos", "Verwey", "Van Deyssel", "Hildebrand"},
        {"Vecht", "Regge", "Dinkel", "Reest", "Dommel", "Berkel", "Linge", "Eem", "Amstel", "Rotte", "Gouwe",
         "Hunze", "Lauwers", "Schipbeek", "Aa", "Lunter", "Mark", "Roer", "Geul", "Niers", "Zaan", "Vliet", "Spaarne"},
        {"Dalfsen", "Ommen", "Hardenberg", "Raalte", "Heino", "Wijhe", "Olst", "Kampen", "Hasselt", "Genemuiden",
         "Staphorst", "Meppel", "Steenwijk", "Vollenhove", "Blokzijl", "Giethoorn", "Nijverdal", "Rijssen",
         "Hellendoorn", "Almelo", "Hengelo", "Oldenzaal", "Ootmarsum", "Denekamp", "Tubbergen", "Haaksbergen",
         "Goor", "Delden", "Markelo", "Holten", "Dedemsvaart", "Nieuwleusen", "Lemelerveld"},
        {"Smeden", "Bakkers", "Kuipers", "Brouwers", "Wevers", "Touwslagers", "Schippers", "Vissers", "Kramers",
         "Zadelmakers", "Ververs", "Lakenkopers", "Pottenbakkers", "Timmerlieden", "Molenaars", "Leerlooiers",
         "Zilversmeden", "Boekdrukkers", "Glazeniers", "Koperslagers", "Tinnegieters", "Mandenmakers"},
        {"Java", "Sumatra", "Borneo", "Celebes", "Bali", "Lombok", "Flores", "Timor", "Ambon", "Banda", "Madoera",
         "Soemba", "Ternate", "Billiton", "Riouw", "Nias", "Halmahera", "Soembawa", "Bangka", "Saparoea"},
        {"Sweelinck", "Diepenbrock", "Röntgen", "Zweers", "Andriessen", "Badings", "Pijper", "Wagenaar", "Dopper",
         "Verhulst", "Richard Hol", "Obrecht", "Ockeghem", "Josquin", "Dufay", "Van Gilse", "Escher", "Vermeulen"},
        {"Mercurius", "Venus", "Mars", "Jupiter", "Saturnus", "Uranus", "Neptunus", "Orion", "Sirius", "Vega",
         "Polaris", "Pegasus", "Andromeda", "Cassiopeia", "Perseus", "Draco", "Lyra", "Cygnus", "Aquila", "Castor"},
        {"Lübeck", "Hamburg", "Bremen", "Riga", "Tallinn", "Visby", "Brugge", "Bergen", "Danzig", "Stralsund",
         "Rostock", "Wismar", "Lüneburg", "Keulen", "Dortmund", "Münster", "Soest", "Reval", "Koningsbergen",
         "Novgorod", "Elbing", "Thorn", "Kalmar", "Stockholm"},
        {"Koren", "Haver", "Gersten", "Rogge", "Tarwe", "Vlas", "Hennep", "Klaver", "Luzerne", "Spelt",
         "Boekweit", "Koolzaad", "Mosterd", "Hop", "Biet", "Wikke", "Lupine", "Raaigras", "Dravik", "Timotee"},
        {"Stins", "Havezate", "Borg", "Spieker", "Schans", "Wal", "Bolwerk", "Poort", "Toren", "Bastion",
         "Rondeel", "Ravelijn", "Kazemat", "Vesting", "Gracht", "Motte", "Voorburcht", "Donjon", "Weer", "Vlonder"},
    };

    static final String[] SUFFIX_CENTRE = {"straat", "steeg", "gracht", "kade", "plein", "markt", "wal"};
    static final String[] SUFFIX_PREWAR = {"straat", "laan", "plein", "singel", "straat", "kade", "dwarsstraat"};
    static final String[] SUFFIX_POSTWAR = {"laan", "straat", "hof", "weg", "plein", "dreef", "straat", "laan"};
    static final String[] SUFFIX_SUBURB = {"erf", "hof", "veld", "laan", "akker", "horst", "kamp", "weide", "rade",
        "stede", "straat", "pad", "gaarde", "borch"};
    static final String[] SUFFIX_RURAL = {"weg", "dijk", "steeg", "laan", "kamp", "broek"};
    static final String[] SUFFIX_WORK = {"weg", "straat", "laan", "poort", "park"};

    private final TreeSet<String> used = new TreeSet<>();

    /** Registers a fixed name (e.g. a main road); returns false if it was already taken. */
    boolean reserve(String name) {
        return used.add(name);
    }

    /** A new unique name from {@code theme} with one of {@code suffixes}. */
    String next(SplittableRandom r, int theme, String[] suffixes) {
        for (int attempt = 0; attempt < 60; attempt++) {
            int t = attempt < 40 ? theme : Math.floorMod(theme + attempt, THEMES.length);
            String stem = Rng.pick(r, THEMES[t]);
            String name = compose(stem, Rng.pick(r, suffixes));
            if (used.add(name)) {
                return name;
            }
        }
        // exhaustive deterministic fallback
        for (int t = 0; t < THEMES.length; t++) {
            String[] stems = THEMES[Math.floorMod(theme + t, THEMES.length)];
            for (String stem : stems) {
                for (String suffix : allSuffixes()) {
                    String name = compose(stem, suffix);
                    if (used.add(name)) {
                        return name;
                    }
                }
            }
        }
        for (int n = 2; ; n++) {
            String name = compose(Rng.pick(r, THEMES[theme]), Rng.pick(r, suffixes)) + " " + n;
            if (used.add(name)) {
                return name;
            }
        }
    }

    private static List<String> allSuffixes() {
        List<String> out = new ArrayList<>();
        for (String[] s : new String[][] {SUFFIX_CENTRE, SUFFIX_PREWAR, SUFFIX_POSTWAR, SUFFIX_SUBURB, SUFFIX_RURAL}) {
            for (String x : s) {
                if (!out.contains(x)) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    static String compose(String stem, String suffix) {
        if (stem.contains(" ")) {
            // "Frans Hals" + "straat" -> "Frans Halsstraat"
            return stem + suffix;
        }
        char last = stem.charAt(stem.length() - 1);
        char first = suffix.charAt(0);
        if (isVowel(last) && isVowel(first)) {
            return stem + "-" + suffix;
        }
        return stem + suffix;
    }

    private static boolean isVowel(char c) {
        return "aeiouAEIOU".indexOf(c) >= 0;
    }
}
