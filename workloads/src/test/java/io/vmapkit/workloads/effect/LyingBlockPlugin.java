package io.vmapkit.workloads.effect;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapPurgeEvent;

/**
 * A purge block that lies: every call adds {@code claim} (default 10) to {@code freed} and releases
 * nothing, as a buggy driver might count pages it meant to free.
 */
public final class LyingBlockPlugin implements VmapPlugin {

    /** The plugin's and the block's name. */
    public static final String NAME = "liar";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InstalledPlugin install(PluginContext ctx) {
        long claim = PluginSettings.of(ctx, "claim").longValue("claim", 10, 1, Long.MAX_VALUE);
        ctx.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(NAME, 0, (action, event) -> {
            event.add(claim);
            return Notify.DONE;
        }));
        return new InstalledPlugin() {};
    }
}
