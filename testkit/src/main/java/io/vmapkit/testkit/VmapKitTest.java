package io.vmapkit.testkit;

import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.runtime.InstallFailurePolicy;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test a fresh, small, started {@link io.vmapkit.runtime.VmapSystem} with a
 * {@link ManualClock} and a {@link RecordingListener}, closed after the test. Parameters of these
 * types are injected: {@code VmapSystem}, {@code VmapAllocator}, {@code NotifierChain<VmapPurgeEvent>}
 * (the purge chain), {@code NotifierChain<OomEvent>}, {@code ShrinkerRegistry}, {@code PagePool},
 * {@code VmapClock} / {@link ManualClock}, {@code VmapListener} / {@link RecordingListener},
 * {@link Pressure}, any plugin class listed in {@link #plugins()} (the factory instance), and any
 * {@link io.vmapkit.api.spi.InstalledPlugin} type one of them returned from {@code install} (the
 * installation in this test's system: what tests of a plugin's state usually want). The system owns
 * the installations; a test reads them and must not close them.
 *
 * <p>On a class it applies to every test; on a method it replaces the class's settings. System
 * properties are ignored, so a test is the same everywhere.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(VmapKitExtension.class)
public @interface VmapKitTest {

    /** Start of the custom address space (default {@code 0x10000000}). */
    long spaceStart() default 0x1000_0000L;

    /** Size of the address space in bytes (default 4 MiB: 1024 pages). */
    long spaceSize() default 4L << 20;

    /** Page size (default 4096). */
    int pageSize() default 4096;

    /** CPUs for {@code lazy_max_pages()} (default 1: 8192 pages). */
    int ncpus() default 1;

    /**
     * Cap on notifier rounds per allocation; -1 for unlimited; 0 (the default) for not set: the
     * {@linkplain #kernel() kernel preset}'s value, or vmapkit's default of 8 without one.
     */
    int maxNotifierRounds() default 0;

    /**
     * A kernel preset ({@code vmapkit.kernel}): {@code 4.7}, {@code 5.2} or {@code 6.x}; empty (the
     * default) for none. It sets the era switches the attributes here leave unset (an empty
     * {@link #allocator()}, a {@link #maxNotifierRounds()} of 0), so {@code @VmapKitTest(kernel = "4.7")}
     * runs {@code busy-list-kernel} with no round cap. The drain worker of {@code 6.x} runs on the
     * freeing thread (a direct executor), so threshold purges stay deterministic.
     */
    String kernel() default "";

    /** Allocator provider by name; empty for the highest-priority one found. */
    String allocator() default "";

    /** Notifier provider by name; empty for the highest-priority one found. */
    String notifier() default "";

    /** Page-pool provider by name; empty for the highest-priority one found. */
    String pagePool() default "";

    /** Pages in the page pool (default 1024). */
    long pagePoolPages() default 1024;

    /** Plugins to create (public no-argument constructor) and install. */
    Class<? extends VmapPlugin>[] plugins() default {};

    /** Whether to discover plugins from the class path too (default false). */
    boolean discover() default false;

    /** What a throwing install does (default {@link InstallFailurePolicy#FAIL}: a test should see it). */
    InstallFailurePolicy onInstallFailure() default InstallFailurePolicy.FAIL;

    /** Plugin settings as {@code "<plugin>.<key>=<value>"}. */
    String[] settings() default {};
}
