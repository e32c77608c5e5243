package io.vmapkit.api;

import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a part of the api that is not yet promised: it may change or go away in any release,
 * without a major version, while the rest of the api changes only compatibly within a major
 * version. On a type it covers every member of the type and of its nested types.
 *
 * <p>Plugin, provider and host authors may use experimental parts, knowing they may have to follow a
 * change. The api's committed surface dump ({@code api/api-surface.txt}, checked on every build; see
 * {@code docs/api-compatibility.md}) marks each experimental line with {@code [experimental]}, so
 * review sees which changes are free and which break a promise.
 *
 * <p>Retained at run time so tools (the surface check among them) can read it by reflection.
 */
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD, CONSTRUCTOR, FIELD})
public @interface Experimental {

    /**
     * Why it is experimental, or what may still change; optional.
     *
     * @return the note, empty when there is none
     */
    String value() default "";
}
