package nl.tweeling.sta.filter;

/** A malformed or unsupported expression; the message is safe to show and ends with the position. */
public class FilterException extends RuntimeException {

    private final int position;

    public FilterException(String message, int position) {
        super(message + " (at character " + position + ")");
        this.position = position;
    }

    /** 1-based character position in the option's value. */
    public int position() {
        return position;
    }
}
