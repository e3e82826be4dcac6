package nl.tweeling.harvest;

/**
 * A harvester's URL (its {@code url} or a URL option such as {@code siteTable}) that the outbound policy refuses:
 * a 400 naming {@link #parameter()} when registered through the API, a failed start for the configuration file.
 */
public class RefusedUrlException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private final String parameter;

    public RefusedUrlException(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    /** {@code url} or {@code options.NAME}. */
    public String parameter() {
        return parameter;
    }
}
