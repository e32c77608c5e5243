package io.vmapkit.bench.baseline;

import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.bench.Providers;
import io.vmapkit.bench.Workloads;
import io.vmapkit.workloads.testvmalloc.TestVmalloc;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Family 3: where {@code free-tree} stands against the structures a Java user would write, on
 * test_vmalloc's fix_size and random_size workloads, in ns per alloc+free pair.
 *
 * <p>Subjects ({@code impl}):
 * <ul>
 *   <li>{@code treemap} — {@link TreeMapFirstFit}, the simplest structure;</li>
 *   <li>{@code bitmap} — {@link TwoLevelBitmapFirstFit}, the floor a flat structure reaches;</li>
 *   <li>{@code free-tree} — vmapkit's allocator as configured everywhere in the benchmarks
 *       (x86_64, 2 CPUs, lazy free with threshold purges);</li>
 *   <li>{@code free-tree-eager} — the same with {@code lazyMaxPages = 1}, so every free purges at
 *       once: the baselines free eagerly, and this separates the search structure from the lazy
 *       machinery.</li>
 * </ul>
 * The baselines manage {@link #BASELINE_PAGES} pages (4 GiB of 4 KiB pages) and are asked for
 * {@code pages + 1} pages per allocation, the reservation vmalloc makes with its guard page.
 *
 * <p>Layouts ({@code layout}): {@code empty} is test_vmalloc's own start state; {@code holes}
 * first makes {@link #HOLES} free holes of 2 pages (one page + guard) below all free space, as
 * full_fit's setup does (16,384 = J for 2 CPUs). fix_size fits those holes exactly; random_size
 * mostly has to skip them, which is where a list-like first fit pays for its simplicity.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar -prof gc 'baseline.BaselineBenchmark'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class BaselineBenchmark {

    /** Pages a baseline manages: 2^20, 4 GiB of address space. */
    public static final int BASELINE_PAGES = 1 << 20;

    /** Holes made by the {@code holes} layout: full_fit's J for 2 CPUs. */
    public static final int HOLES = TestVmalloc.fullFitHoles(Workloads.NCPUS);

    /** The allocator under test, in its layout, and the random_size inputs. */
    @State(Scope.Thread)
    public static class Subject {

        /** treemap, bitmap, free-tree or free-tree-eager. */
        @Param({"treemap", "bitmap", "free-tree", "free-tree-eager"})
        public String impl;

        /** empty or holes. */
        @Param({"empty", "holes"})
        public String layout;

        /** Seed of the random_size ring. */
        @Param(Workloads.DEFAULT_SEED)
        public long seed;

        PairOp op;
        int[] sizes;
        int next;
        /** Keeps what the layout holds reachable, as a caller would. */
        Object held;

        /** Builds the subject and its layout once per trial; both workloads keep occupancy constant. */
        @Setup(Level.Trial)
        public void setUp() {
            boolean holes = switch (layout) {
                case "empty" -> false;
                case "holes" -> true;
                default -> throw new IllegalArgumentException("unknown layout '" + layout + "' (empty, holes)");
            };
            switch (impl) {
                case "treemap" -> op = baseline(new TreeMapFirstFit(BASELINE_PAGES), holes);
                case "bitmap" -> op = baseline(new TwoLevelBitmapFirstFit(BASELINE_PAGES), holes);
                case "free-tree" -> op = vmap(Workloads.config(AddressSpace.x86_64()).build(), holes);
                case "free-tree-eager" -> op = vmap(Workloads.config(AddressSpace.x86_64()).lazyMaxPages(1).build(), holes);
                default -> throw new IllegalArgumentException(
                        "unknown impl '" + impl + "' (treemap, bitmap, free-tree, free-tree-eager)");
            }
            sizes = Workloads.randomSizeRing(seed);
        }

        private PairOp baseline(PageRangeAllocator a, boolean holes) {
            if (holes) {
                long[] kept = new long[HOLES];
                long[] junk = new long[HOLES];
                for (int i = 0; i < HOLES; i++) {
                    kept[i] = a.alloc(2);
                    junk[i] = a.alloc(2);
                }
                for (long j : junk) {
                    a.free(j, 2);
                }
                held = kept;
            }
            return PairOp.on(a);
        }

        private PairOp vmap(AllocatorConfig config, boolean holes) {
            VmapAllocator a = Providers.allocator("free-tree", config);
            if (holes) {
                held = TestVmalloc.holes(a, TestVmalloc.pages(1), TestVmalloc.pages(1), HOLES, true);
            }
            return PairOp.on(a, TestVmalloc.requestsByPages(TestVmalloc.RANDOM_SIZE_MAX_PAGES));
        }
    }

    /** fix_size_alloc_test: one 1-page alloc+free pair. */
    @Benchmark
    public long fixSize(Subject s) {
        return s.op.pair(1);
    }

    /** random_size_alloc_test: one alloc+free pair of 1..100 pages (uniform, pre-drawn). */
    @Benchmark
    public long randomSize(Subject s) {
        return s.op.pair(s.sizes[s.next++ & Workloads.RING_MASK]);
    }
}
