package io.vmapkit.runtime;

import io.vmapkit.api.Registration;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One plugin's {@link PluginContext}: the system's parts behind wrappers that record what the plugin
 * registers and allocates, so {@link #undo()} can take it all back.
 *
 * <p><b>Ledger.</b> Registrations, areas and page runs are kept in insertion order under this
 * object's monitor, held only for map updates (never while calling a part). Undo runs in two
 * phases: first registrations are closed in reverse order (once a blocking chain or the shrinker
 * registry has unregistered a callback it is not called again), then allocation is closed and what
 * is still allocated is freed, areas then page runs, each in reverse order. An operation that was
 * already running when a phase closed gives its result back itself and throws
 * {@link IllegalStateException}, so nothing leaks and no lock is held across calls into the parts
 * (no deadlock with plugin callbacks).
 */
final class TrackingContext implements PluginContext {

    private static final System.Logger LOG = System.getLogger(TrackingContext.class.getName());

    /** What undo did, for the log and the report. */
    record Undo(int registrations, int areas, long areaBytes, int runs, long runPages, List<Throwable> failures) {
        boolean leftSomething() {
            return areas > 0 || runs > 0;
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (registrations > 0) {
                parts.add("undid " + registrations + " registration" + (registrations == 1 ? "" : "s"));
            }
            if (areas > 0) {
                parts.add("freed " + areas + " leftover area" + (areas == 1 ? "" : "s") + " (" + areaBytes + " bytes)");
            }
            if (runs > 0) {
                parts.add("freed " + runs + " leftover page run" + (runs == 1 ? "" : "s") + " (" + runPages + " pages)");
            }
            if (!failures.isEmpty()) {
                parts.add(failures.size() + " undo step" + (failures.size() == 1 ? "" : "s") + " failed: " + failures.get(0));
            }
            return String.join("; ", parts);
        }
    }

    /** An identity pair: a registry and the thing registered in it. */
    private static final class Key {
        final Object registry;
        final Object item;

        Key(Object registry, Object item) {
            this.registry = registry;
            this.item = item;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).registry == registry && ((Key) o).item == item;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(registry) * 31 + System.identityHashCode(item);
        }
    }

    private final String pluginName;
    private final Map<String, String> settings;
    private final VmapSystem system;
    private final OwnedAllocator allocator;
    private final TrackedChain<VmapPurgeEvent> purgeChain;
    private final TrackedChain<OomEvent> oomChain;
    private final TrackedShrinkers shrinkers;
    private final OwnedPagePool pagePool;

    // guarded by this
    private final Map<Key, Registration> registrations = new LinkedHashMap<>();
    /**
     * Hashed by start address, which an area keeps from allocation on and which no two live areas
     * share: a new area then needs no identity hash (see {@link IdentityLinkedSet}).
     */
    private final IdentityLinkedSet<VmapArea> areas = new IdentityLinkedSet<>(TrackingContext::areaHash);
    private final IdentityLinkedSet<PageRun> runs = new IdentityLinkedSet<>();
    private volatile boolean registrationsClosed;
    private volatile boolean allocationsClosed;

    TrackingContext(String pluginName, Map<String, String> settings, VmapSystem system) {
        this.pluginName = pluginName;
        this.settings = Map.copyOf(settings);
        this.system = system;
        this.allocator = new OwnedAllocator(this, system.allocator());
        this.purgeChain = new TrackedChain<>(this, system.purgeChain());
        this.oomChain = new TrackedChain<>(this, system.oomChain());
        this.shrinkers = new TrackedShrinkers(this, system.shrinkers());
        this.pagePool = new OwnedPagePool(this, system.pagePool());
    }

    @Override
    public String pluginName() {
        return pluginName;
    }

    @Override
    public VmapAllocator allocator() {
        return allocator;
    }

    @Override
    public NotifierChain<VmapPurgeEvent> purgeChain() {
        return purgeChain;
    }

    @Override
    public NotifierChain<OomEvent> oomChain() {
        return oomChain;
    }

    @Override
    public ShrinkerRegistry shrinkers() {
        return shrinkers;
    }

    @Override
    public PagePool pagePool() {
        return pagePool;
    }

    @Override
    public VmapClock clock() {
        return system.clock();
    }

    @Override
    public VmapListener listener() {
        return system.listener();
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "PluginContext[" + pluginName + "]";
    }

    // ---- ledger -------------------------------------------------------------------------------

    private static int areaHash(VmapArea area) {
        return Long.hashCode(area.start() * 0x9E3779B97F4A7C15L);
    }

    void checkCanRegister() {
        if (registrationsClosed) {
            throw closed("register");
        }
    }

    void checkCanAllocate() {
        if (allocationsClosed) {
            throw closed("allocate");
        }
    }

    private IllegalStateException closed(String what) {
        return new IllegalStateException("plugin '" + pluginName + "' is being uninstalled or was uninstalled; its context "
                + "can no longer " + what);
    }

    /**
     * Records a registration made through this context, or — if registrations closed while it was
     * being made — closes it again and throws.
     */
    Registration recordRegistration(Object registry, Object item, Registration registration) {
        Key key = new Key(registry, item);
        synchronized (this) {
            if (!registrationsClosed) {
                registrations.put(key, registration);
                return () -> {
                    Registration taken = takeRegistration(registry, item);
                    if (taken != null) {
                        try {
                            taken.close();
                        } catch (RuntimeException e) {
                            putBackRegistration(registry, item, taken);
                            throw e;
                        }
                    }
                };
            }
        }
        registration.close();
        throw closed("register");
    }

    /** Whether {@code item} was registered in {@code registry} through this context. */
    synchronized boolean registered(Object registry, Object item) {
        return registrations.containsKey(new Key(registry, item));
    }

    /** Removes and returns a recorded registration, or {@code null}: whoever takes it undoes it. */
    synchronized Registration takeRegistration(Object registry, Object item) {
        return registrations.remove(new Key(registry, item));
    }

    /** Records again a registration whose undo failed (unless undo has begun). */
    synchronized void putBackRegistration(Object registry, Object item, Registration registration) {
        if (!registrationsClosed) {
            registrations.put(new Key(registry, item), registration);
        }
    }

    VmapArea recordArea(VmapArea area) {
        synchronized (this) {
            if (!allocationsClosed) {
                areas.add(area);
                return area;
            }
        }
        system.allocator().free(area);
        throw closed("allocate");
    }

    /** Removes a recorded area; {@code true} if it was recorded: whoever takes it frees it. */
    synchronized boolean takeArea(VmapArea area) {
        return areas.remove(area);
    }

    /** Records again an area whose free failed while it is still live (unless undo has begun). */
    synchronized void putBackArea(VmapArea area) {
        if (!allocationsClosed) {
            areas.add(area);
        }
    }

    PageRun recordRun(PageRun run) {
        synchronized (this) {
            if (!allocationsClosed) {
                runs.add(run);
                return run;
            }
        }
        system.pagePool().free(run);
        throw closed("allocate pages");
    }

    /** Removes a recorded run; {@code true} if it was recorded: whoever takes it frees it. */
    synchronized boolean takeRun(PageRun run) {
        return runs.remove(run);
    }

    /** Records again a run whose free failed (unless undo has begun). */
    synchronized void putBackRun(PageRun run) {
        if (!allocationsClosed) {
            runs.add(run);
        }
    }

    /** The plugin that registered {@code item} in {@code registry}, if any plugin did. */
    Optional<String> registeredBy(Object registry, Object item) {
        return system.contextRegistering(registry, item).map(TrackingContext::pluginName);
    }

    /**
     * The names under which the notifier blocks and shrinkers registered through this context appear
     * in the system's events (the chain's and the registry's rule: the item's name, or its class name
     * when that is blank), in registration order.
     */
    synchronized List<String> registeredNames() {
        List<String> names = new ArrayList<>();
        for (Key k : registrations.keySet()) {
            String name = null;
            if (k.item instanceof NotifierBlock<?> b) {
                name = b.name();
            } else if (k.item instanceof Shrinker sh) {
                name = sh.name();
            }
            if (k.item instanceof NotifierBlock<?> || k.item instanceof Shrinker) {
                names.add(name == null || name.isBlank() ? k.item.getClass().getName() : name);
            }
        }
        return names;
    }

    /** Live areas this context holds now. */
    synchronized int liveAreas() {
        return areas.size();
    }

    /** Undoes everything, in the order described on the class; never throws. */
    Undo undo() {
        List<Throwable> failures = new ArrayList<>();
        List<Registration> regs;
        synchronized (this) {
            registrationsClosed = true;
            regs = new ArrayList<>(registrations.values());
            registrations.clear();
        }
        for (int i = regs.size() - 1; i >= 0; i--) {
            try {
                regs.get(i).close();
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                failures.add(e);
                LOG.log(System.Logger.Level.WARNING, "undoing a registration of plugin '" + pluginName + "' failed", e);
            }
        }
        List<VmapArea> leftAreas;
        List<PageRun> leftRuns;
        synchronized (this) {
            allocationsClosed = true;
            leftAreas = areas.toList();
            leftRuns = runs.toList();
            areas.clear();
            runs.clear();
        }
        int freedAreas = 0;
        long areaBytes = 0;
        for (int i = leftAreas.size() - 1; i >= 0; i--) {
            VmapArea a = leftAreas.get(i);
            try {
                if (a.state() == AreaState.LIVE) {
                    system.allocator().free(a);
                    freedAreas++;
                    areaBytes += a.reservedSize();
                }
            } catch (RuntimeException e) {
                failures.add(e);
                LOG.log(System.Logger.Level.WARNING, "freeing a leftover area of plugin '" + pluginName + "' failed", e);
            }
        }
        int freedRuns = 0;
        long runPages = 0;
        for (int i = leftRuns.size() - 1; i >= 0; i--) {
            PageRun r = leftRuns.get(i);
            try {
                if (!r.isFreed()) {
                    system.pagePool().free(r);
                    freedRuns++;
                    runPages += r.nrPages();
                }
            } catch (RuntimeException e) {
                failures.add(e);
                LOG.log(System.Logger.Level.WARNING, "freeing a leftover page run of plugin '" + pluginName + "' failed", e);
            }
        }
        return new Undo(regs.size(), freedAreas, areaBytes, freedRuns, runPages, List.copyOf(failures));
    }
}
