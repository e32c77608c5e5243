package io.vmapkit.plugins.examples.audit;

import com.google.auto.service.AutoService;
import io.vmapkit.api.notifier.FreedCounter;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.Objects;

/**
 * An observer that sits at the <em>end</em> of the purge and OOM notifier chains and records who freed
 * what, how often the space ran out, the largest request that failed and how many rounds allocations
 * needed; it never frees anything. {@link PressureAudit#summary()} prints it as a text table.
 *
 * <h2>How it sees what it sees</h2>
 * Its blocks have the lowest priority ({@link Integer#MIN_VALUE} by default), so they run after every
 * other block of the round, and the event's {@link FreedCounter#contributions()} already holds what
 * each of those blocks added. From each call it learns:
 * <ul>
 *   <li>the round number ({@link VmapPurgeEvent#round()}): round 1 is an allocation that ran out of space
 *       after the overflow path's purge; the count of calls per round number gives the rounds each
 *       allocation needed, without following threads;</li>
 *   <li>the failing request ({@link VmapPurgeEvent#neededBytes()}, {@link OomEvent#requestedPages()});</li>
 *   <li>whether anybody freed anything: if {@code freed() == 0} when the audit runs last, the
 *       allocation fails next (EBUSY or ENOMEM), so the request is recorded as one nothing was freed
 *       for.</li>
 * </ul>
 *
 * <h2>What it cannot see</h2>
 * A plugin cannot install listeners through its context ({@link PluginContext#listener()} is for
 * <em>reporting</em>), so from the chains alone it does not see: allocations that never ran out;
 * whether an allocation that got progress then succeeded, or failed at vmapkit's round cap; ENOMEM
 * from the descriptor allocation (no chain runs); non-blocking requests, which skip the chain; blocks
 * that run after it (another block of priority {@code Integer.MIN_VALUE} registered later). For the
 * outcomes, a host builds the plugin with an {@link AuditOutcomes} and adds that to the system's
 * listeners:
 * <pre>{@code
 * AuditOutcomes outcomes = new AuditOutcomes();
 * VmapSystem system = VmapKit.builder().plugin(new PressureAuditPlugin(outcomes)).listener(outcomes).start();
 * ...
 * System.out.print(system.installed(PressureAudit.class).orElseThrow().summary());
 * }</pre>
 *
 * <h2>Settings</h2>
 * <table>
 *   <caption>{@code vmapkit.plugin.pressure-audit.<key>}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #PRIORITY}</td><td>{@code -2147483648}</td><td>priority of both blocks; keep it
 *       below every reclaiming block, or the audit misses their contributions</td></tr>
 * </table>
 *
 * <h2>Installations and locking</h2>
 * The plugin is a stateless factory (it holds only the {@link AuditOutcomes} a host gave it): each
 * {@link #install} returns a {@link PressureAudit} holding that system's tallies, which stay readable
 * after uninstall, so a host can print them afterwards. One monitor of the audit guards the tallies;
 * callbacks hold it only to add numbers (they copy the event's contributions before taking it). Both
 * blocks run on allocating threads under their chain's read lock; like every block they must not
 * register or unregister on that chain. The outcome listener runs on allocating threads, never under
 * the allocator's lock, and only counts. All methods are thread-safe.
 */
@AutoService(VmapPlugin.class)
public final class PressureAuditPlugin implements VmapPlugin {

    /** The plugin's name and the name of its blocks. */
    public static final String NAME = "pressure-audit";
    /** Setting: the blocks' priority. */
    public static final String PRIORITY = "priority";

    /** The host's outcome listener, or {@code null}: each installation then gets a fresh, unattached one. */
    private final AuditOutcomes outcomes;

    /** An audit without an outcome listener. Discovery calls this constructor. */
    public PressureAuditPlugin() {
        this.outcomes = null;
    }

    /**
     * An audit whose installations report {@code outcomes}, which the host adds to the system's
     * listeners.
     */
    public PressureAuditPlugin(AuditOutcomes outcomes) {
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "observes the purge and OOM chains last: who freed what, how often space ran out, largest failed request";
    }

    /**
     * Registers one block on the purge chain and one on the OOM chain, both at the configured (lowest)
     * priority.
     *
     * @return the audit of that system
     * @throws IllegalArgumentException for an unknown setting or a bad value, before anything is
     *     registered
     */
    @Override
    public PressureAudit install(PluginContext context) {
        int priority = PluginSettings.of(context, PRIORITY).intValue(PRIORITY, Integer.MIN_VALUE, Integer.MIN_VALUE,
                Integer.MAX_VALUE);
        PressureAudit audit = new PressureAudit(outcomes != null ? outcomes : new AuditOutcomes());
        context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(NAME, priority, audit::onPurgeRound));
        context.oomChain().register(NotifierBlock.<OomEvent>of(NAME, priority, audit::onOomRound));
        return audit;
    }

    @Override
    public String toString() {
        return "PressureAuditPlugin";
    }
}
