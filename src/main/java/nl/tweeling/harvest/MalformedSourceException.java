package nl.tweeling.harvest;

/** A fetched document that is not in the expected format; the message says where and is safe to show. */
public class MalformedSourceException extends Exception {

    public MalformedSourceException(String message) {
        super(message, null, false, false);
    }

    public MalformedSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
