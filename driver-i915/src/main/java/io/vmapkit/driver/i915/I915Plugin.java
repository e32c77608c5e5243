package io.vmapkit.driver.i915;

import com.google.auto.service.AutoService;
import io.vmapkit.api.Registration;
import io.vmapkit.api.VmapApi;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The i915 GEM driver model as a vmapkit plugin, named {@value #NAME}: the driver whose pin_map cache
 * motivated the vmap purge notifier.
 *
 * <p>{@link #install} reads the settings ({@code vmapkit.plugin.i915.<key>}, tabled in the package
 * documentation), creates the device, registers — each unless its setting turns it off — the
 * shrinker, the OOM notifier and (from 4.7) the vmap purge notifier, and returns the installation
 * that owns them. Closing the installation unregisters them in reverse order and then tears the
 * device down, so nothing of the plugin stays registered or allocated. The installation's
 * {@code newWorkload} offers one workload, {@value #WORKLOAD}, bound to its device.
 *
 * <p><b>Threading.</b> Stateless: one instance may be installed into several systems, from several
 * threads, at once; each installation has its own device. The callbacks an installation registers
 * run on the threads of reclaim and of vmap allocation, possibly inside the driver on a thread
 * holding struct_mutex, which they then steal rather than wait for (the package documentation has
 * the details).
 */
@AutoService(VmapPlugin.class)
public final class I915Plugin implements VmapPlugin {

    private static final System.Logger LOG = System.getLogger(I915Plugin.class.getName());

    /** The plugin's name, also the settings prefix {@code vmapkit.plugin.i915.}. */
    public static final String NAME = "i915";

    /** The one workload this plugin offers. */
    public static final String WORKLOAD = "i915";

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
     * @return the installation owning the device, the callbacks and the settings
     * @throws IllegalArgumentException for an unknown setting or a bad value (nothing is registered)
     */
    @Override
    public InstalledPlugin install(PluginContext context) {
        Objects.requireNonNull(context, "context");
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
            InstalledI915.closeAll(regs);
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "i915 installed: " + settings);
        return new InstalledI915(settings, device, shrinker, regs);
    }

    @Override
    public List<String> workloads() {
        return List.of(WORKLOAD);
    }

    @Override
    public String toString() {
        return "I915Plugin";
    }
}
