package io.vmapkit.plugins.examples.balloon;

import com.google.auto.service.AutoService;
import io.vmapkit.api.Addresses;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;

/**
 * A balloon, as virtualised guests have for memory: it reserves a share of the vmap address space
 * when installed, gives it back a few chunks at a time when the space runs out, and takes it again
 * once the pressure has passed. Handy to run a host or a driver model with less space than the preset
 * without reconfiguring it, and to watch how the other plugins behave as the space shrinks and grows.
 *
 * <h2>Inflate, deflate, re-inflate</h2>
 * <ul>
 *   <li><b>Install</b> reserves up to {@code share} of the space in chunks of {@code chunk-pages}
 *       pages (no guard page). It takes only what is free without reclaim: each chunk is requested
 *       {@link AllocFlag#NON_BLOCKING non-blocking} (so the purge notifier chain does not run for it,
 *       with the default {@code vmapkit.allocator.non-blocking-skips-notifier}) and only while at least
 *       {@code headroom-chunks} chunks of free or lazily freed space would remain. A balloon never
 *       makes others reclaim.</li>
 *   <li><b>Deflate</b>: its purge notifier block {@value #NAME} gives back up to
 *       {@code deflate-chunks} chunks per call, last taken first, and adds the number of chunks to
 *       {@code freed}. Like a balloon driver returning pages in steps, it does not empty itself at
 *       once: if the request still does not fit, the allocator calls again. Calls for the balloon's
 *       own requests are ignored.</li>
 *   <li><b>Re-inflate</b>: the balloon has no thread and sees no allocations (plugins cannot listen),
 *       so the host drives it: {@link Balloon#tick()} — call it from a periodic task, or after a phase of
 *       work — takes up to {@code reinflate-chunks} chunks again if no purge call has reached the
 *       balloon for {@code reinflate-after-ms} on the system's clock, with the same non-blocking,
 *       headroom-respecting requests as install. With a manual clock a test decides exactly when
 *       pressure "has passed".</li>
 * </ul>
 *
 * <h2>Settings</h2>
 * <table>
 *   <caption>{@code vmapkit.plugin.balloon.<key>}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #SHARE}</td><td>0.25</td><td>share of the address space to hold, 0 to 0.9 ({@code 0.25} or {@code 25%})</td></tr>
 *   <tr><td>{@value #CHUNK_PAGES}</td><td>16</td><td>pages per chunk</td></tr>
 *   <tr><td>{@value #DEFLATE_CHUNKS}</td><td>4</td><td>chunks given back per purge-notifier call at most</td></tr>
 *   <tr><td>{@value #REINFLATE_AFTER_MS}</td><td>1000</td><td>quiet time after the last purge call before re-inflating</td></tr>
 *   <tr><td>{@value #REINFLATE_CHUNKS}</td><td>4</td><td>chunks taken per {@link Balloon#tick()} at most</td></tr>
 *   <tr><td>{@value #HEADROOM_CHUNKS}</td><td>2</td><td>chunks of free space always left when inflating</td></tr>
 *   <tr><td>{@value #PRIORITY}</td><td>0</td><td>the purge block's priority (higher runs first; every
 *       block runs in every round, so the order does not spare anyone, it only orders the work)</td></tr>
 * </table>
 *
 * <h2>Locking</h2>
 * A <b>balloon lock</b> guards the chunk stack, the pressure time and the counters, held only to
 * change them and never while calling into vmapkit (chunks are popped under it and freed after, and
 * allocated before being pushed under it). The purge block runs on an allocating thread under the
 * purge chain's read lock and waits for the balloon lock; it must not register or unregister on the
 * chain nor allocate vmap space. {@link Balloon#tick()} is serialised by a second lock, the <b>inflate
 * lock</b>, which it only tries: a tick that finds another running returns 0 at once. The block never
 * takes the inflate lock.
 *
 * <h2>Installations</h2>
 * The plugin is a stateless factory: each {@link #install} creates a {@link Balloon} that holds that
 * system's chunks, settings and counters, and is closed when the plugin is uninstalled. One instance
 * may be installed into several systems at once.
 */
@AutoService(VmapPlugin.class)
public final class BalloonPlugin implements VmapPlugin {

    /** The plugin's name and the name of its purge block. */
    public static final String NAME = "balloon";

    /** Setting: share of the space to hold. */
    public static final String SHARE = "share";
    /** Setting: pages per chunk. */
    public static final String CHUNK_PAGES = "chunk-pages";
    /** Setting: chunks given back per purge call. */
    public static final String DEFLATE_CHUNKS = "deflate-chunks";
    /** Setting: quiet time before re-inflating, ms. */
    public static final String REINFLATE_AFTER_MS = "reinflate-after-ms";
    /** Setting: chunks taken per tick. */
    public static final String REINFLATE_CHUNKS = "reinflate-chunks";
    /** Setting: free chunks left when inflating. */
    public static final String HEADROOM_CHUNKS = "headroom-chunks";
    /** Setting: the purge block's priority. */
    public static final String PRIORITY = "priority";

    private static final System.Logger LOG = System.getLogger(BalloonPlugin.class.getName());

    /** A stateless factory; {@link #install} creates and inflates a {@link Balloon}. Discovery calls this constructor. */
    public BalloonPlugin() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "reserves a share of the vmap space, gives it back in steps under pressure, re-inflates when it passes";
    }

    /**
     * Reads the settings, creates the {@link Balloon}, registers its purge block and inflates it to
     * the target as far as free space allows (what it cannot take now, {@link Balloon#tick()} takes
     * later).
     *
     * @return the balloon in that system, owning its chunks
     * @throws IllegalArgumentException for an unknown setting or a bad value, before anything is
     *     registered or allocated
     */
    @Override
    public Balloon install(PluginContext context) {
        PluginSettings s = PluginSettings.of(context, SHARE, CHUNK_PAGES, DEFLATE_CHUNKS, REINFLATE_AFTER_MS,
                REINFLATE_CHUNKS, HEADROOM_CHUNKS, PRIORITY);
        double share = s.fraction(SHARE, 0.25, 0, 0.9);
        int chunkPages = s.intValue(CHUNK_PAGES, 16, 1, Integer.MAX_VALUE);
        int deflateChunks = s.intValue(DEFLATE_CHUNKS, 4, 1, Integer.MAX_VALUE);
        long quietNanos = s.millisAsNanos(REINFLATE_AFTER_MS, 1000);
        int reinflateChunks = s.intValue(REINFLATE_CHUNKS, 4, 1, Integer.MAX_VALUE);
        int headroomChunks = s.intValue(HEADROOM_CHUNKS, 2, 0, Integer.MAX_VALUE);
        int priority = s.intValue(PRIORITY, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);

        long spaceBytes = context.allocator().space().size();
        long chunkBytes = (long) chunkPages * context.allocator().space().pageSize();
        if (chunkBytes <= 0 || Long.compareUnsigned(chunkBytes, spaceBytes) > 0) {
            throw new IllegalArgumentException(PluginSettings.fullKey(NAME, CHUNK_PAGES) + " = " + chunkPages
                    + ": a chunk of " + Addresses.bytes(chunkBytes) + " does not fit the space of "
                    + Addresses.bytes(spaceBytes));
        }
        double sizeD = spaceBytes >= 0 ? spaceBytes : 0x1p64 + spaceBytes; // the size is unsigned
        long targetChunks = (long) Math.floor(share * sizeD / chunkBytes);
        VmapRequest request = VmapRequest.builder(chunkBytes)
                .flags(AllocFlag.NO_GUARD, AllocFlag.NON_BLOCKING, AllocFlag.NO_WARN).build();

        Balloon balloon = new Balloon(context, targetChunks, chunkBytes, deflateChunks, quietNanos, reinflateChunks,
                headroomChunks * chunkBytes, request);
        balloon.registered(context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(NAME, priority,
                balloon::deflate)));
        int taken = balloon.inflate(targetChunks, false);
        if (taken < targetChunks) {
            LOG.log(System.Logger.Level.INFO, () -> NAME + ": inflated to " + taken + " of " + targetChunks
                    + " chunks; the rest is taken by later ticks when there is room");
        }
        return balloon;
    }

    @Override
    public String toString() {
        return "BalloonPlugin";
    }
}
