package nl.tweeling.feature;

import java.util.regex.Pattern;

/** Where a layer's licence text is: its licence URL, or the SPDX page of an SPDX licence id. */
public final class Licences {

    private static final Pattern SPDX_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+-]{1,63}");

    private Licences() {
    }

    /** The licence's URL, or null when the layer names none that has one ("unknown", free text). */
    public static String url(Layer layer) {
        if (layer.licenceUrl() != null && !layer.licenceUrl().isBlank()) {
            return layer.licenceUrl();
        }
        String id = layer.licence();
        if (id == null || !SPDX_ID.matcher(id).matches() || id.equalsIgnoreCase("unknown")) {
            return null;
        }
        return "https://spdx.org/licenses/" + id + ".html";
    }
}
