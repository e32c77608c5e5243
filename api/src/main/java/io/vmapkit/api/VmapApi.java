package io.vmapkit.api;

/**
 * Version of the api a class was compiled against.
 *
 * <p>{@link #MAJOR_VERSION} is a compile-time constant, so a plugin that returns it from
 * {@link io.vmapkit.api.spi.VmapPlugin#apiVersion()} records the version it was <em>built</em>
 * for; the runtime compares that with its own and refuses plugins built for a newer major version.
 */
public final class VmapApi {
    /** The api major version. Incompatible changes raise it; additions do not. */
    public static final int MAJOR_VERSION = 1;

    /** The api minor version. */
    public static final int MINOR_VERSION = 0;

    /** The version as text, "major.minor". */
    public static final String VERSION = MAJOR_VERSION + "." + MINOR_VERSION;

    private VmapApi() {}
}
