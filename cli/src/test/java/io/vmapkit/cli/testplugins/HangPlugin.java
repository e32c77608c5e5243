package io.vmapkit.cli.testplugins;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A test plugin "hang" that misbehaves on purpose, chosen by its setting {@code mode}: {@code purge}
 * registers a purge-notifier block "hang-purge" that never returns, {@code close} never returns from
 * its uninstall, {@code close-throws} throws from its uninstall, anything else behaves. "Never"
 * ignores interrupts and ends only when a test calls {@link #release()}, so a test can end it.
 *
 * <p>Not in the test class path's services file (discovery would list it everywhere): tests put a
 * jar with only a services entry naming this class on {@code --plugin-path}.
 */
public final class HangPlugin implements VmapPlugin {

    private static volatile boolean released;

    /** Lets every hung call return; call when the test is done. */
    public static void release() {
        released = true;
    }

    /** Re-arms the hang before a test. */
    public static void arm() {
        released = false;
    }

    @Override
    public String name() {
        return "hang";
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public InstalledPlugin install(PluginContext ctx) {
        String mode = ctx.setting("mode", "none");
        if (mode.equals("purge")) {
            ctx.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("hang-purge", 0, (action, event) -> {
                hangUntilReleased();
                return Notify.DONE;
            }));
        }
        return new InstalledPlugin() {
            @Override
            public void close() {
                if (mode.equals("close")) {
                    hangUntilReleased();
                } else if (mode.equals("close-throws")) {
                    throw new IllegalStateException("hang cannot let go of its cache");
                }
            }
        };
    }

    /** Parks until {@link #release()}, ignoring interrupts (the worst case for a watchdog). */
    static void hangUntilReleased() {
        while (!released) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
