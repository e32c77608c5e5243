package io.vmapkit.driver.i915;

import io.vmapkit.api.Registration;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.Workload;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link I915Plugin} installed into one system: the device, its shrinker and notifiers, the settings
 * in force, and the registrations {@link #close()} undoes. Everything i915 keeps for a system lives
 * here, so one plugin instance can serve several systems.
 *
 * <p><b>Threading and ownership.</b> Immutable after construction. The system that installed it owns
 * it and calls {@link #close()} once, on its closing thread under its lifecycle lock;
 * {@link #newWorkload} may be called from any thread before that. The device and the callbacks have
 * their own locking (the package documentation has the details).
 */
final class InstalledI915 implements InstalledPlugin {

    private static final System.Logger LOG = System.getLogger(I915Plugin.class.getName()); // the plugin's logger

    private final I915Settings settings;
    private final Device device;
    private final GemShrinker shrinker;
    private final List<Registration> registrations;

    InstalledI915(I915Settings settings, Device device, GemShrinker shrinker, List<Registration> registrations) {
        this.settings = settings;
        this.device = device;
        this.shrinker = shrinker;
        this.registrations = List.copyOf(registrations);
    }

    /**
     * A new {@value I915Plugin#WORKLOAD} workload on this installation's device. Parameters override
     * the {@code workload.*} settings, which override the defaults.
     *
     * @throws IllegalArgumentException for another workload name, an unknown parameter or a bad value
     */
    @Override
    public Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        if (!I915Plugin.WORKLOAD.equals(workload)) {
            throw new IllegalArgumentException("plugin " + I915Plugin.NAME + " offers no workload '" + workload
                    + "' (it offers '" + I915Plugin.WORKLOAD + "')");
        }
        WorkloadParameters p = WorkloadParameters.parse(parameters, settings.workloadDefaults());
        return new I915Workload(device, p, seed);
    }

    /** Unregisters the callbacks (reverse order), then frees every object, mapping and page of the device. */
    @Override
    public void close() {
        closeAll(registrations);
        device.fini();
    }

    /** Closes {@code regs} in reverse order, logging (not throwing) a failure, so every one is tried. */
    static void closeAll(List<Registration> regs) {
        for (int i = regs.size() - 1; i >= 0; i--) {
            try {
                regs.get(i).close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "i915: unregistering a callback failed", e);
            }
        }
    }

    /** The device (tests and tools in this package). */
    Device device() {
        return device;
    }

    /** The shrinker and notifiers. */
    GemShrinker shrinker() {
        return shrinker;
    }

    /** The settings in force. */
    I915Settings settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "InstalledI915[" + device + "]";
    }
}
