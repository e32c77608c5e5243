package io.vmapkit.testkit;

import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link VmapKitTest}: builds and starts a system before each test and
 * closes it after. Stateless itself; per-test state lives in the test's extension store.
 */
public final class VmapKitExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** The allocator setting {@link VmapKitTest#maxNotifierRounds()} sets (declared by the allocator module). */
    private static final String MAX_NOTIFIER_ROUNDS = "vmapkit.allocator.max-notifier-rounds";

    /** The page-pool setting {@link VmapKitTest#pagePoolPages()} sets (declared by the allocator module). */
    private static final String PAGE_POOL_PAGES = "vmapkit.page-pool.pages";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(VmapKitExtension.class);

    /** What one test gets. */
    private record Fixture(VmapSystem system, ManualClock clock, RecordingListener recorder, Pressure pressure,
            List<VmapPlugin> plugins) {}

    @Override
    public void beforeEach(ExtensionContext context) {
        VmapKitTest cfg = settings(context);
        ManualClock clock = new ManualClock();
        RecordingListener recorder = new RecordingListener();
        List<VmapPlugin> plugins = new ArrayList<>();
        for (Class<? extends VmapPlugin> type : cfg.plugins()) {
            try {
                plugins.add(type.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create plugin " + type.getName()
                        + " with a no-argument constructor: " + e, e);
            }
        }
        VmapKit.Builder b = VmapKit.builder()
                .ignoreSystemProperties()
                .clock(clock)
                .listener(recorder)
                .plugins(plugins)
                .drainExecutor(Runnable::run)
                .configure(c -> {
                    if (!cfg.kernel().isEmpty()) {
                        c.kernel(cfg.kernel());
                    }
                    if (cfg.maxNotifierRounds() != 0) {
                        c.set(MAX_NOTIFIER_ROUNDS, Integer.toString(cfg.maxNotifierRounds()));
                    }
                    c.addressSpace(AddressSpace.of("test", cfg.spaceStart(), cfg.spaceSize(), cfg.pageSize()))
                            .ncpus(cfg.ncpus())
                            .set(PAGE_POOL_PAGES, Long.toString(cfg.pagePoolPages()))
                            .discoverPlugins(cfg.discover())
                            .onInstallFailure(cfg.onInstallFailure())
                            .allocator(cfg.allocator().isEmpty() ? null : cfg.allocator())
                            .notifier(cfg.notifier().isEmpty() ? null : cfg.notifier())
                            .pagePool(cfg.pagePool().isEmpty() ? null : cfg.pagePool());
                    for (String s : cfg.settings()) {
                        int dot = s.indexOf('.');
                        int eq = s.indexOf('=');
                        if (dot <= 0 || eq <= dot + 1) {
                            throw new IllegalArgumentException("@VmapKitTest setting '" + s
                                    + "' is not written <plugin>.<key>=<value>");
                        }
                        c.pluginSetting(s.substring(0, dot), s.substring(dot + 1, eq), s.substring(eq + 1));
                    }
                });
        VmapSystem system = b.build();
        context.getStore(NS).put(Fixture.class, new Fixture(system, clock, recorder, new Pressure(system), plugins));
        system.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Fixture f = context.getStore(NS).remove(Fixture.class, Fixture.class);
        if (f != null) {
            f.system().close();
        }
    }

    private static VmapKitTest settings(ExtensionContext context) {
        Optional<VmapKitTest> onMethod = context.getTestMethod().flatMap(m -> find(m));
        return onMethod.or(() -> context.getTestClass().flatMap(VmapKitExtension::findOnClass))
                .orElseThrow(() -> new IllegalStateException("VmapKitExtension needs @VmapKitTest on the test"));
    }

    private static Optional<VmapKitTest> find(AnnotatedElement e) {
        return Optional.ofNullable(e.getAnnotation(VmapKitTest.class));
    }

    private static Optional<VmapKitTest> findOnClass(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            Optional<VmapKitTest> found = find(k);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> t = pc.getParameter().getType();
        if (t == VmapSystem.class || t == VmapAllocator.class || t == ShrinkerRegistry.class || t == PagePool.class
                || t == VmapClock.class || t == ManualClock.class || t == VmapListener.class
                || t == RecordingListener.class || t == Pressure.class) {
            return true;
        }
        if (t == NotifierChain.class) {
            return chainArgument(pc) != null;
        }
        if (VmapPlugin.class.isAssignableFrom(t)) {
            return settingsOrNull(ec).map(s -> List.of(s.plugins()).stream().anyMatch(t::isAssignableFrom)).orElse(false);
        }
        if (InstalledPlugin.class.isAssignableFrom(t)) {
            Fixture f = ec.getStore(NS).get(Fixture.class, Fixture.class);
            return f != null && f.system().installed(t).isPresent();
        }
        return false;
    }

    private static Optional<VmapKitTest> settingsOrNull(ExtensionContext ec) {
        try {
            return Optional.of(settings(ec));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static Class<?> chainArgument(ParameterContext pc) {
        Type type = pc.getParameter().getParameterizedType();
        if (type instanceof ParameterizedType) {
            Type arg = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (arg == VmapPurgeEvent.class || arg == OomEvent.class) {
                return (Class<?>) arg;
            }
        }
        return null;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        Fixture f = ec.getStore(NS).get(Fixture.class, Fixture.class);
        if (f == null) {
            throw new ParameterResolutionException("no vmapkit system for " + pc.getParameter()
                    + ": parameters are injected into test methods, not constructors or @BeforeAll methods");
        }
        Class<?> t = pc.getParameter().getType();
        VmapSystem s = f.system();
        if (t == VmapSystem.class) {
            return s;
        }
        if (t == VmapAllocator.class) {
            return s.allocator();
        }
        if (t == ShrinkerRegistry.class) {
            return s.shrinkers();
        }
        if (t == PagePool.class) {
            return s.pagePool();
        }
        if (t == VmapClock.class || t == ManualClock.class) {
            return f.clock();
        }
        if (t == RecordingListener.class) {
            return f.recorder();
        }
        if (t == VmapListener.class) {
            return s.listener();
        }
        if (t == Pressure.class) {
            return f.pressure();
        }
        if (t == NotifierChain.class) {
            return chainArgument(pc) == VmapPurgeEvent.class ? s.purgeChain() : s.oomChain();
        }
        for (VmapPlugin p : f.plugins()) {
            if (t.isInstance(p)) {
                return p;
            }
        }
        if (InstalledPlugin.class.isAssignableFrom(t)) {
            return s.installed(t).orElseThrow(() -> new ParameterResolutionException("no installed plugin is a "
                    + t.getName() + " for " + pc.getParameter() + "; installed: " + s.installedPlugins()));
        }
        throw new ParameterResolutionException("cannot resolve " + pc.getParameter());
    }
}
