package nl.tweeling.feature.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A link as OGC API documents carry them ({@code links} arrays), serialised by Jackson in this field order.
 *
 * @param href  absolute URL
 * @param rel   relation: an IANA name ({@code self}, {@code alternate}, {@code service-desc}…) or an OGC URI
 * @param type  media type of the target
 * @param title human-readable label, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Link(String href, String rel, String type, String title) {
}
