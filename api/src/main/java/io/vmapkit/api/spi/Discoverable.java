package io.vmapkit.api.spi;

/**
 * Something vmapkit finds with {@link java.util.ServiceLoader}: a plugin or a provider.
 *
 * <p>Discovery sorts by {@link #priority()} (higher first), then by {@link #name()}, and refuses two
 * entries of the same kind with the same name. Implementations need a public no-argument
 * constructor and must not do work in it; they are created once per discovery.
 */
public interface Discoverable {

    /** A unique, stable name, e.g. {@code i915} or {@code free-tree}. */
    String name();

    /** Higher runs (or is preferred) first. Default 0. */
    default int priority() {
        return 0;
    }

    /** The implementation's own version, for reports. Default "unspecified". */
    default String version() {
        return "unspecified";
    }

    /** One line saying what it is, for reports. Default empty. */
    default String description() {
        return "";
    }

    /**
     * The major api version this was built for. A runtime refuses anything built for a newer major
     * version than its own.
     *
     * <p>The default, 1, is the first api version. Implementations built for a later version must
     * override this with {@code return VmapApi.MAJOR_VERSION;}: that constant is inlined at compile
     * time, so it records the version the class was compiled against, which a default method
     * evaluated at run time cannot.
     */
    default int apiVersion() {
        return 1;
    }
}
