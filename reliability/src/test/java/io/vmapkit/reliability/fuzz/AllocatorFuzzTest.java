package io.vmapkit.reliability.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.reliability.oracle.Choices;
import io.vmapkit.reliability.oracle.DifferentialRun;
import io.vmapkit.reliability.oracle.OpGenerator;

/**
 * The allocators driven by fuzzer bytes: the bytes choose a small address space (low, straddling
 * the sign bit, or ending at the top of the 64-bit range), the purge threshold and the notifier
 * round cap, then a sequence of alloc/free/purge operations (with the {@link OpGenerator}'s mix:
 * alignments up to 2^63, windows, no-guard and non-blocking requests, descriptor faults, an evicting
 * or lying notifier block). After <em>every</em> operation the invariants are checked on
 * {@code free-tree} and {@code busy-list} (consistent snapshot, tiling statistics, lazy counter =
 * lazy pages) and both are compared with the {@code FirstFitModel}: ranges, statistics, every
 * placement and failure. At the end everything is freed and purged and every byte must be free.
 *
 * <p>Seed corpus: {@code AllocatorFuzzTestInputs/allocatorsAgreeWithTheModelAfterEveryOperation/}.
 */
class AllocatorFuzzTest {

    private static final int MAX_OPS = 400;

    @FuzzTest(maxDuration = "5m")
    void allocatorsAgreeWithTheModelAfterEveryOperation(FuzzedDataProvider data) {
        int pageSize = 4096;
        long pages = data.consumeLong(4, 512);
        long size = pages * pageSize;
        long start;
        switch (data.consumeInt(0, 2)) {
            case 0 -> start = 0x10_0000L;
            case 1 -> start = (1L << 63) - (pages / 2) * pageSize;
            default -> start = -size - pageSize;
        }
        AddressSpace space = AddressSpace.of("fuzz", start, size, pageSize);
        long lazyMax = data.consumeLong(1, pages);
        int rounds = data.consumeInt(1, 12);
        int maxPages = data.consumeInt(1, 16);
        String context = "fuzz " + space + ", lazyMaxPages " + lazyMax + ", maxNotifierRounds " + rounds;
        // always capped: with "unlimited" a lying block would loop forever, as in the kernel
        DifferentialRun run = new DifferentialRun(space, lazyMax, rounds, context, 1);
        OpGenerator gen = new OpGenerator(space, maxPages, (int) Math.max(4, pages / 4));
        Choices choices = new Choices() {
            @Override
            public long below(long bound) {
                return bound <= 1 ? 0 : data.consumeLong(0, bound - 1);
            }

            @Override
            public boolean hasMore() {
                return data.remainingBytes() > 0;
            }
        };
        for (int i = 0; i < MAX_OPS && choices.hasMore(); i++) {
            run.apply(gen.next(choices, run.held()));
        }
        run.finish();
    }
}
