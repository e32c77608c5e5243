package io.vmapkit.driver.i915;

import io.vmapkit.runtime.VmapSystem;
import java.util.List;
import java.util.function.Supplier;

/** Test helpers: run under struct_mutex, and build objects in the states the kernel model names. */
final class Gem {

    private Gem() {}

    /** The i915 installation of {@code system}; fails if i915 is not installed there. */
    static InstalledI915 installed(VmapSystem system) {
        return system.installed(InstalledI915.class)
                .orElseThrow(() -> new AssertionError("i915 is not installed in " + system));
    }

    static void locked(Device d, Runnable r) {
        d.structMutex().lock();
        try {
            r.run();
        } finally {
            d.structMutex().unlock();
        }
    }

    static <T> T locked(Device d, Supplier<T> s) {
        d.structMutex().lock();
        try {
            return s.get();
        } finally {
            d.structMutex().unlock();
        }
    }

    /** An unbound object with pages, no pins. Caller holds struct_mutex. */
    static GemObject unbound(Device d, int pages) {
        GemObject o = d.createObject(pages);
        d.getPages(o);
        return o;
    }

    /** A bound, inactive object. */
    static GemObject boundInactive(Device d, int pages) {
        GemObject o = d.createObject(pages);
        d.bind(o);
        return o;
    }

    /** A bound object the GPU is busy with (a long request on {@code ctx}, never advanced). */
    static GemObject boundActive(Device d, GemContext ctx, int pages) {
        GemObject o = boundInactive(d, pages);
        d.submit(ctx, List.of(o), 1_000_000);
        return o;
    }

    /** An unbound object whose WB mapping is cached (pin_map then unpin_map). */
    static GemObject cachedMap(Device d, int pages, MapType type) {
        GemObject o = d.createObject(pages);
        d.pinMap(o, type);
        d.unpinMap(o);
        return o;
    }

    /** A context for submissions: small ring and image so constructed tests stay small. */
    static GemContext context(Device d) {
        return d.createContext(1, 2, 64);
    }

    /** Fails with the device's first invariant violation. */
    static void assertConsistent(Device d) {
        d.violation().ifPresent(v -> {
            throw new AssertionError("i915 model invariant broken: " + v);
        });
    }
}
