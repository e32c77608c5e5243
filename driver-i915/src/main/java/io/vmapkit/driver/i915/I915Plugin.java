package io.vmapkit.driver.i915;

import com.google.auto.service.AutoService;
import io.vmapkit.api.Registration;
import io.vmapkit.api.VmapApi;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.spi.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The i915 GEM driver model as a vmapkit plugin, named {@value #NAME}: the driver whose pin_map cache
 * motivated the vmap purge notifier (kernel-model §9–§14).
 *
 * <p>{@link #install} reads the settings ({@code vmapkit.plugin.i915.<key>}, tabled in the package
 * documentation), creates the device, and registers — each unless its setting turns it off — the
 * shrinker, the OOM notifier and (from 4.7) the vmap purge notifier. {@link #uninstall} unregisters
 * them in reverse order and then tears the device down, so nothing of the plugin stays registered or
 * allocated. {@link #newWorkload} offers one workload, {@value #WORKLOAD}, bound to the installed
 * device.
 *
 * <p><b>Threading.</b> install, uninstall and newWorkload are serialised on the plugin. The callbacks
 * it registers run on the threads of reclaim and of vmap allocation, possibly inside the driver on a
 * thread holding struct_mutex, which they then steal rather than wait for (the package documentation
 * has the details). One instance serves one system at a time.
 */
@AutoService(VmapPlugin.class)
public final class I915Plugin implements VmapPlugin {

    private static final System.Logger LOG = System.getLogger(I915Plugin.class.getName());

    /** The plugin's name, also the settings prefix {@code vmapkit.plugin.i915.}. */
    public static final String NAME = "i915";

    /** The one workload this plugin offers. */
    public static final String WORKLOAD = "i915";

    /** One installation: what uninstall must undo. */
    private record Installation(I915Settings settings, Device device, GemShrinker shrinker,
            List<Registration> registrations) {}

    private Installation installation; // guarded by this

    /** Created by {@link java.util.ServiceLoader} or by a host; does nothing until installed. */
    public I915Plugin() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Intel i915 GEM model: struct_mutex lock stealing, the pin_map cache, the shrinker and the vmap "
                + "purge notifier, by kernel era (pre-4.7, 4.7, 4.9)";
    }

    @Override
    public int apiVersion() {
        return VmapApi.MAJOR_VERSION;
    }

    /**
     * Creates the device and registers its callbacks.
     *
     * @throws IllegalArgumentException for an unknown setting or a bad value (nothing is registered)
     * @throws IllegalStateException if this instance is already installed
     */
    @Override
    public synchronized void install(PluginContext context) {
        Objects.requireNonNull(context, "context");
        if (installation != null) {
            throw new IllegalStateException("plugin " + NAME + " is already installed; uninstall it first");
        }
        I915Settings settings = I915Settings.parse(context.settings());
        I915Stats stats = new I915Stats();
        Device device = new Device(context.allocator(), context.pagePool(), settings, stats, context.pluginName());
        ShrinkerLock lock = new ShrinkerLock(device, settings.ownerTracking(), context.clock(), settings.jiffyNanos(),
                stats);
        GemShrinker shrinker = new GemShrinker(device, lock, context.allocator());
        List<Registration> regs = new ArrayList<>();
        try {
            if (settings.shrinker()) {
                regs.add(context.shrinkers().register(shrinker));
            }
            if (settings.oomNotifier()) {
                regs.add(context.oomChain().register(shrinker.oomNotifier()));
            }
            if (settings.registersVmapNotifier()) {
                regs.add(context.purgeChain().register(shrinker.vmapNotifier()));
            }
        } catch (RuntimeException e) {
            closeAll(regs);
            throw e;
        }
        installation = new Installation(settings, device, shrinker, List.copyOf(regs));
        LOG.log(System.Logger.Level.DEBUG, () -> "i915 installed: " + settings);
    }

    /** Unregisters the callbacks (reverse order), then frees every object, mapping and page of the device. */
    @Override
    public synchronized void uninstall(PluginContext context) {
        Installation inst = installation;
        if (inst == null) {
            return;
        }
        installation = null;
        closeAll(inst.registrations());
        inst.device().fini();
    }

    private static void closeAll(List<Registration> regs) {
        for (int i = regs.size() - 1; i >= 0; i--) {
            try {
                regs.get(i).close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "i915: unregistering a callback failed", e);
            }
        }
    }

    @Override
    public List<String> workloads() {
        return List.of(WORKLOAD);
    }

    /**
     * A new {@value #WORKLOAD} workload on the installed device. Parameters override the
     * {@code workload.*} settings, which override the defaults.
     *
     * @throws IllegalArgumentException for another workload name, an unknown parameter or a bad value
     * @throws IllegalStateException if the plugin is not installed
     */
    @Override
    public synchronized Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        if (!WORKLOAD.equals(workload)) {
            throw new IllegalArgumentException("plugin " + NAME + " offers no workload '" + workload + "' (it offers '"
                    + WORKLOAD + "')");
        }
        Installation inst = installation;
        if (inst == null) {
            throw new IllegalStateException("plugin " + NAME + " is not installed; start a system with it first");
        }
        WorkloadParameters p = WorkloadParameters.parse(parameters, inst.settings().workloadDefaults());
        return new I915Workload(inst.device(), p, seed);
    }

    /** The installed device (tests and tools in this package). */
    synchronized Device device() {
        return current().device();
    }

    /** The installed shrinker and notifiers. */
    synchronized GemShrinker shrinker() {
        return current().shrinker();
    }

    /** The settings in force. */
    synchronized I915Settings settings() {
        return current().settings();
    }

    private Installation current() {
        if (installation == null) {
            throw new IllegalStateException("plugin " + NAME + " is not installed");
        }
        return installation;
    }

    @Override
    public synchronized String toString() {
        return "I915Plugin[" + (installation == null ? "not installed" : installation.device()) + "]";
    }
}
