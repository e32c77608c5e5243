package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vmapkit.api.Errno;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import io.vmapkit.api.settings.SettingException;
import io.vmapkit.api.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Issue 17 item 2: a purge callback that allocates from inside its own callback, where every
 * allocation overflows, once recursed until StackOverflowError. The overflow path now refuses to
 * call the chain more than {@link AllocatorConfig#maxChainReentry()} levels deep (setting
 * {@code vmapkit.allocator.max-chain-reentry}, 64 by default) on one thread,
 * failing that allocation with EBUSY and a message naming the owner.
 */
class ChainReentryTest {

    static final List<String> NAMES = Allocators.NAMES;

    @ParameterizedTest
    @FieldSource("NAMES")
    void aCallbackAllocatingFromItsOwnCallbackIsStoppedAtTheReentryLimitNamingIt(String name) {
        AtomicReference<VmapAllocatorCore> allocator = new AtomicReference<>();
        List<VmapAllocationException> refused = new ArrayList<>();
        int[] calls = {0};
        NotifierBlock<VmapPurgeEvent> greedy = NotifierBlock.of("greedy", 0, (action, event) -> {
            calls[0]++;
            try {
                allocator.get().allocate(VmapRequest.builder(PAGE).owner("greedy").build());
            } catch (VmapAllocationException e) {
                refused.add(e);
            }
            return Notify.DONE; // frees nothing
        });
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(8)
                .purgeChain(TestChain.of("vmap_notify_list", greedy)).build());
        allocator.set(a);
        a.allocate(6L * PAGE); // 6 pages + guard = 7 of 8: a 1-page request (2 with guard) never fits

        VmapAllocationException top = catchThrowableOfType(VmapAllocationException.class,
                () -> a.allocate(VmapRequest.builder(PAGE).owner("host").build()));

        assertThat(top.errno()).isEqualTo(Errno.EBUSY);
        // levels 0..63 each call the chain once (round 1 frees nothing, so each fails after it);
        // the overflow path inside 64 chain calls refuses: 64 calls, 64 refused nested allocations
        assertThat(calls[0]).isEqualTo(64);
        assertThat(refused).hasSize(64);
        VmapAllocationException innermost = refused.get(0);
        assertThat(innermost.errno()).isEqualTo(Errno.EBUSY);
        assertThat(innermost.getMessage()).contains("by 'greedy'", "inside 64 nested calls of the purge notifier chain "
                + "vmap_notify_list", "deeper than 64 levels");
        assertThat(a.snapshot().violation()).isEmpty();
        assertThat(a.stats().liveAreas()).as("only the filler").isEqualTo(1);
        assertThat(a.stats().allocationFailures()).as("64 nested and the host's").isEqualTo(65);
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void theReentryLimitIsASetting(String name) {
        List<VmapAllocationException> refused = new ArrayList<>();
        int[] calls = {0};
        AtomicReference<VmapAllocatorCore> allocator = new AtomicReference<>();
        NotifierBlock<VmapPurgeEvent> greedy = NotifierBlock.of("greedy", 0, (action, event) -> {
            calls[0]++;
            try {
                allocator.get().allocate(VmapRequest.builder(PAGE).owner("greedy").build());
            } catch (VmapAllocationException e) {
                refused.add(e);
            }
            return Notify.DONE;
        });
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(8)
                .purgeChain(TestChain.of("vmap_notify_list", greedy)).maxChainReentry(3).build());
        allocator.set(a);
        a.allocate(6L * PAGE);

        catchThrowableOfType(VmapAllocationException.class,
                () -> a.allocate(VmapRequest.builder(PAGE).owner("host").build()));

        // limit 3: levels 0, 1 and 2 each call the chain once; the overflow path inside 3 calls refuses
        assertThat(calls[0]).isEqualTo(3);
        assertThat(refused).hasSize(3);
        assertThat(refused.get(0).getMessage()).contains("inside 3 nested calls", "deeper than 3 levels",
                "vmapkit.allocator.max-chain-reentry");
        assertThat(a.stats().allocationFailures()).as("3 nested and the host's").isEqualTo(4);
    }

    @Test
    void theSettingIsReadFromItsKeyAndRangeChecked() {
        Settings three = Settings.builder().set("vmapkit.allocator.max-chain-reentry", "3", "test").build();
        assertThat(three.get(AllocatorSettings.MAX_CHAIN_REENTRY)).isEqualTo(3);
        assertThat(Settings.builder().build().get(AllocatorSettings.MAX_CHAIN_REENTRY)).isEqualTo(64);
        Settings zero = Settings.builder().set("vmapkit.allocator.max-chain-reentry", "0", "test").build();
        assertThatThrownBy(() -> zero.get(AllocatorSettings.MAX_CHAIN_REENTRY)).isInstanceOf(SettingException.class)
                .hasMessageContaining("vmapkit.allocator.max-chain-reentry").hasMessageContaining("0");
    }
}
