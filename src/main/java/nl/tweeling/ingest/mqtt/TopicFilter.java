package nl.tweeling.ingest.mqtt;

/**
 * MQTT topic filter matching (MQTT 3.1.1 §4.7): {@code +} matches one level, a trailing {@code #} any
 * number of levels (also none). A shared-subscription prefix {@code $share/<group>/} is ignored for matching.
 * Pure and thread-safe.
 */
public final class TopicFilter {

    private TopicFilter() {
    }

    /** True when {@code topic} (a concrete topic name) matches {@code filter}. */
    public static boolean matches(String filter, String topic) {
        String f = withoutSharePrefix(filter);
        String[] fl = f.split("/", -1);
        String[] tl = topic.split("/", -1);
        for (int i = 0; i < fl.length; i++) {
            if (fl[i].equals("#")) {
                return i == fl.length - 1;
            }
            if (i >= tl.length) {
                return false;
            }
            if (!fl[i].equals("+") && !fl[i].equals(tl[i])) {
                return false;
            }
        }
        return fl.length == tl.length;
    }

    /** The filter without a {@code $share/<group>/} prefix. */
    public static String withoutSharePrefix(String filter) {
        if (filter.startsWith("$share/")) {
            int slash = filter.indexOf('/', "$share/".length());
            return slash < 0 ? filter : filter.substring(slash + 1);
        }
        return filter;
    }
}
