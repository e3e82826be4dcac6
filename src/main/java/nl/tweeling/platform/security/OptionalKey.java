package nl.tweeling.platform.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a read that anyone may call but that shows a caller with an API key more (their own jobs; everything for
 * an admin key). A presented key is verified as for {@link RequiresRole} (unknown or revoked: 401) and put in the
 * request property {@link ApiKeyFilter#PROPERTY}; without a key the caller is anonymous.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface OptionalKey {
}
