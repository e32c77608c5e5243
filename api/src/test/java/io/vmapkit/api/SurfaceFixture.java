package io.vmapkit.api;

import java.io.IOException;
import java.util.Optional;

/**
 * A fixture for {@link ApiSurfaceTest}: a generic public class with constants, a protected field, a
 * varargs generic method, an experimental method and an experimental protected nested interface,
 * and members the surface leaves out (package-private and private ones, a package-private nested
 * class).
 */
public class SurfaceFixture<T extends Comparable<T>> implements Comparable<SurfaceFixture<T>> {

    public static final int LIMIT = 4 * 1024; // 4096
    public static final String NAME = "fx";
    protected long counter;
    long hidden;

    public SurfaceFixture(long start) throws IOException {}

    SurfaceFixture() {}

    @Experimental("trying it out")
    public <R> Optional<R> map(T value, String... names) {
        return Optional.empty();
    }

    @Override
    public int compareTo(SurfaceFixture<T> o) {
        return 0;
    }

    private void secret() {}

    /** A protected nested type of a public type is part of the surface. */
    @Experimental
    protected interface Hook {
        void run();

        default int times() {
            return 1;
        }
    }

    static class PackagePrivate {
        public void invisible() {}
    }
}
