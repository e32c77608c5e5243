package ${package};

import com.google.auto.service.AutoService;
import io.vmapkit.api.VmapApi;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;

/**
 * Installs a {@link ScratchPool} into a system. Discovery finds it through the
 * {@code META-INF/services} entry that {@code @AutoService} writes and creates it with the
 * no-argument constructor.
 *
 * <p>Settings, {@code vmapkit.plugin.${pluginName}.<key>}:
 * <ul>
 *   <li>{@value #BUFFER_PAGES} (default 4): pages per buffer, at least 1;</li>
 *   <li>{@value #MAX_IDLE} (default 32): idle buffers kept for reuse, at least 0;</li>
 *   <li>{@value #WARM_BUFFERS} (default 16): idle buffers made at install, at most {@value #MAX_IDLE}.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Stateless: everything {@link #install} creates belongs to the pool it returns,
 * so one instance may serve several systems at once. {@code install} runs on the thread starting the
 * system, under the system's lifecycle lock.
 */
@AutoService(VmapPlugin.class)
public final class ScratchPoolPlugin implements VmapPlugin {

    /** The plugin's name: the prefix of its settings, the name of its shrinker and purge block. */
    public static final String NAME = "${pluginName}";
    /** Setting: pages per buffer. */
    public static final String BUFFER_PAGES = "buffer-pages";
    /** Setting: idle buffers kept for reuse. */
    public static final String MAX_IDLE = "max-idle";
    /** Setting: idle buffers made at install. */
    public static final String WARM_BUFFERS = "warm-buffers";

    /** Discovery's constructor; does nothing. */
    public ScratchPoolPlugin() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "${version}";
    }

    @Override
    public String description() {
        return "a pool of scratch buffers that gives its idle ones back under page or vmap pressure";
    }

    @Override
    public int apiVersion() {
        return VmapApi.MAJOR_VERSION; // inlined: the api version this class was compiled against
    }

    /**
     * Reads the settings, registers the shrinker and the purge block, and warms the pool.
     *
     * @throws IllegalArgumentException for an unknown setting or a bad value, before anything is
     *     registered or allocated
     */
    @Override
    public ScratchPool install(PluginContext context) {
        // 1. Settings first: a bad value refuses the installation with nothing to undo.
        PluginSettings settings = PluginSettings.of(context, BUFFER_PAGES, MAX_IDLE, WARM_BUFFERS);
        int bufferPages = settings.intValue(BUFFER_PAGES, 4, 1, 1 << 20);
        int maxIdle = settings.intValue(MAX_IDLE, 32, 0, Integer.MAX_VALUE);
        int warm = settings.intValue(WARM_BUFFERS, Math.min(16, maxIdle), 0, maxIdle);

        // 2. Register through the context: the runtime unregisters both when the plugin is uninstalled.
        ScratchPool pool = new ScratchPool(context, bufferPages, maxIdle);
        context.shrinkers().register(new IdleBufferShrinker(pool));
        context.purgeChain().register(new PurgeBlock(pool));

        // 3. Allocate last: buffers made now are idle, ready for the first take().
        pool.warm(warm);
        return pool;
    }

    @Override
    public String toString() {
        return "ScratchPoolPlugin[" + NAME + "]";
    }
}
