package io.vmapkit.reliability.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.testsupport.Seeds;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/fidelity.md §17 items 1–3 and 5–8, held against an independent model: {@code free-tree},
 * {@code busy-list} and {@link FirstFitModel} (a linear first fit over a free list, written for
 * this module) run the same seeded operations — allocations with alignments up to 2^22 bytes and
 * now and then up to 2^63, narrow windows, windows at the top of the space, no-guard and
 * non-blocking requests, invalid requests, injected descriptor faults, lazy frees, purges at
 * random points, and an overflow path whose notifier block evicts cached areas or lies — and must
 * agree on every placement and every failure; ranges and statistics are compared every 1,000
 * operations and at the end, where freeing everything and a purge must return every byte.
 * ({@code busy-list-kernel} keeps the kernel's strict hint test and may place higher; it is left
 * out of this identity check by design.)
 *
 * <p>The runs share {@code -Dvmapkit.reliability.ops} operations (default 200,000; the
 * {@code reliability-long} profile runs 1,000,000). Each run prints its seed and a summary;
 * {@code -Dvmapkit.seed=S} replays every run with seed S. A failure prints the seed and the last
 * 200 operations.
 */
class DifferentialOracleTest {

    static final long TOTAL_OPS = Seeds.longProperty("vmapkit.reliability.ops", 200_000);

    static Stream<Arguments> spaces() {
        long mib = 1L << 20;
        return Stream.of(
                Arguments.of("x86_32", AddressSpace.x86_32(), 0.30, 64, 600),
                Arguments.of("x86_64", AddressSpace.x86_64(), 0.25, 64, 1200),
                Arguments.of("small-4MiB", AddressSpace.of("small", 0x4000_0000L, 4 * mib, 4096), 0.20, 8, 300),
                Arguments.of("sign-bit", AddressSpace.of("sign-bit", (1L << 63) - 16 * mib, 32 * mib, 4096), 0.15, 32, 500),
                Arguments.of("top-of-2^64", AddressSpace.of("top", -(24 * mib) - 4096, 24 * mib, 4096), 0.10, 16, 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spaces")
    void freeTreeBusyListAndTheFirstFitModelAgreeOnEveryPlacementAndFailure(String label, AddressSpace space,
            double share, int maxPages, int population) {
        long seed = Seeds.seed("differential " + label);
        SplittableRandom random = new SplittableRandom(seed);
        long ops = Math.max(2_000, Math.round(TOTAL_OPS * share));
        long lazyMax = 1 + random.nextLong(Math.max(2, Math.min(space.pages() / 2, 4096)));
        int rounds = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : AllocatorConfig.DEFAULT_MAX_NOTIFIER_ROUNDS;
        String context = "differential " + label + " " + Seeds.replay(seed) + ", " + space + ", lazyMaxPages " + lazyMax
                + ", maxNotifierRounds " + rounds;
        DifferentialRun run = new DifferentialRun(space, lazyMax, rounds, context, 1_000);
        OpGenerator gen = new OpGenerator(space, maxPages, population);
        Choices choices = Choices.of(random);
        for (long i = 0; i < ops; i++) {
            run.apply(gen.next(choices, run.held()));
        }
        run.finish();
        System.out.println(context + ": " + run.summary());
        assertThat(run.placed()).as(context).isGreaterThan(ops / 10);
    }
}
