package io.vmapkit.api.spi;

import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.Map;

/**
 * A plugin's view of the system it is installed into.
 *
 * <p>Everything reached through a context is tracked for the plugin: areas and page runs it
 * allocates are owned by it (and cannot be freed through another plugin's context), blocks and
 * shrinkers it registers are unregistered when it is uninstalled (after its
 * {@link InstalledPlugin#close()}), in reverse order. The runtime creates one context per plugin and
 * system and owns it; the plugin may keep it in its installation.
 *
 * <p><b>Threading.</b> All parts are thread-safe; a context may be used from the plugin's callbacks
 * on any thread until the plugin's installation has been closed and its registrations undone.
 */
public interface PluginContext {

    /** The plugin's name; the owner recorded on what it allocates. */
    String pluginName();

    /** The allocator; requests are tagged with this plugin as owner. */
    VmapAllocator allocator();

    /** The vmap purge notifier chain ({@code vmap_notify_list}, blocking). */
    NotifierChain<VmapPurgeEvent> purgeChain();

    /** The OOM notifier chain ({@code oom_notify_list}, blocking), called on page shortages. */
    NotifierChain<OomEvent> oomChain();

    /** The shrinker registry. */
    ShrinkerRegistry shrinkers();

    /** The physical page pool; runs are tagged with this plugin as owner. */
    PagePool pagePool();

    /** The system's clock; use it for every wait and timeout so tests control time. */
    VmapClock clock();

    /** The system's listener, to report plugin-level events to observers. */
    VmapListener listener();

    /**
     * The plugin's own settings: configuration keys {@code vmapkit.plugin.<name>.<key>} with the
     * prefix removed. Immutable. {@link PluginSettings#of(PluginContext, String...)} reads them
     * typed and checked, refusing unknown keys.
     */
    Map<String, String> settings();

    /**
     * One setting, or {@code defaultValue} if absent.
     *
     * @see #settings()
     */
    default String setting(String key, String defaultValue) {
        return settings().getOrDefault(key, defaultValue);
    }
}
