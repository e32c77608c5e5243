package io.vmapkit.bench;

import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.Discoverable;
import io.vmapkit.api.spi.NotifierProvider;
import io.vmapkit.api.vmap.VmapAllocator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Finds allocator and notifier implementations by {@linkplain Discoverable#name() name}, as the
 * benchmarks must: they are written against the api only and see the implementations through
 * {@link ServiceLoader}, exactly as a host application would.
 *
 * <p>This is deliberately smaller than the runtime's discovery (no priorities, no override
 * switch): a benchmark names the one implementation it measures. It still follows the ServiceLoader rules
 * that matter here: the class loader is passed explicitly, a provider that
 * fails to load is reported and skipped, two providers of the same name are an error naming both
 * classes, and an unknown name is an error listing the names that were found.
 *
 * <p>Stateless and thread-safe.
 */
public final class Providers {

    private static final int MAX_BROKEN = 64;

    private Providers() {}

    /**
     * The allocator provider called {@code name} (e.g. {@code free-tree}, {@code busy-list}).
     *
     * @throws IllegalStateException if no provider or more than one has that name
     */
    public static AllocatorProvider allocatorProvider(String name) {
        return find(AllocatorProvider.class, name);
    }

    /**
     * The notifier provider called {@code name} (e.g. {@code default}).
     *
     * @throws IllegalStateException if no provider or more than one has that name
     */
    public static NotifierProvider notifierProvider(String name) {
        return find(NotifierProvider.class, name);
    }

    /**
     * A new allocator of algorithm {@code name}.
     *
     * @throws IllegalStateException if no provider or more than one has that name
     */
    public static VmapAllocator allocator(String name, AllocatorConfig config) {
        Objects.requireNonNull(config, "config");
        return config.createWith(allocatorProvider(name));
    }

    /**
     * The one provider of {@code type} whose name is {@code name}, loaded with this class's loader.
     *
     * @throws IllegalStateException if none or several have that name; the message lists the names
     *     found and every provider that failed to load
     */
    public static <T extends Discoverable> T find(Class<T> type, String name) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        List<T> matches = new ArrayList<>();
        TreeSet<String> found = new TreeSet<>();
        List<String> broken = new ArrayList<>();
        Iterator<ServiceLoader.Provider<T>> it =
                ServiceLoader.load(type, Providers.class.getClassLoader()).stream().iterator();
        while (true) {
            T candidate;
            try {
                if (!it.hasNext()) {
                    break;
                }
                candidate = it.next().get();
            } catch (ServiceConfigurationError | RuntimeException e) {
                // One broken jar must not hide the others; ServiceLoader goes on with the next entry.
                broken.add(String.valueOf(e));
                if (broken.size() >= MAX_BROKEN) {
                    break; // a loader that keeps failing on the same entry must not loop forever
                }
                continue;
            }
            String candidateName = candidate.name();
            found.add(candidateName);
            if (name.equals(candidateName)) {
                matches.add(candidate);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new IllegalStateException("no " + type.getSimpleName() + " named '" + name
                    + "' on the class path (found: " + found + ")"
                    + (broken.isEmpty() ? "" : "; failed to load: " + broken)
                    + "; is the module that provides it on the class path of the benchmark?");
        }
        List<String> classes = new ArrayList<>();
        for (T m : matches) {
            classes.add(m.getClass().getName());
        }
        throw new IllegalStateException(matches.size() + " " + type.getSimpleName() + "s are named '" + name
                + "': " + classes);
    }
}
