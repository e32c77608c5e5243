package io.vmapkit.bench.testvmalloc;

import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.bench.Workloads;
import io.vmapkit.workloads.testvmalloc.TestVmalloc;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Family 1: the loop-based tests of the kernel's {@code lib/test_vmalloc.c} (workloads A.2) in
 * steady state, {@code free-tree} against {@code busy-list}, in <b>ns per alloc+free pair</b>.
 *
 * <p>Every state builds its allocator and fills it once per trial ({@link Level#Trial}); each
 * workload keeps occupancy constant, so the state a measurement sees is the workload's own steady
 * state, lazy backlog included. Frees are lazy and the allocators have 2 CPUs configured, so a
 * threshold purge runs every 16,384 lazy pages (every ≈8,192 one-page pairs), inside the measured
 * pair that crosses the threshold, as in the kernel; a 1-second iteration covers hundreds of purge
 * cycles.
 *
 * <p>To compare with the kernel's "avg: N usec" per 1,000,000-loop run: kernel µs per run
 * = ns per pair × pairs per loop iteration / 1000 (2 pairs for long_busy_list, 1 otherwise). The
 * kernel figures include page allocation, mapping and zeroing; read them as a ceiling
 * (workloads part B).
 *
 * <p>{@code -p space=x86_32} runs the tight preset: fix_size, random_size and the align tests run
 * there, long_busy_list becomes an overflow-path stress, and full_fit cannot be set up (2·J pairs
 * need 256 MiB) and fails in setup.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar -f 3 -wi 3 -i 5 -prof gc 'testvmalloc.TestVmallocBenchmark'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TestVmallocBenchmark {

    /** The allocator under test; each workload's state extends it with its own setup. */
    @State(Scope.Thread)
    public static class Subject {

        /** The allocator's provider name. */
        @Param({"free-tree", "busy-list", "vmap-nodes"})
        public String allocator;

        /** The address-space preset. */
        @Param({"x86_64"})
        public String space;

        /** The allocator, created in {@link #open()}. */
        protected VmapAllocator vmap;

        /** Creates the allocator; subclasses call it first in their trial setup. */
        protected final void open() {
            vmap = Workloads.newAllocator(allocator, space);
        }

        /** One alloc+free pair. */
        final VmapArea pair(VmapRequest request) {
            VmapArea area = vmap.allocate(request);
            vmap.free(area);
            return area;
        }
    }

    /** fix_size_alloc_test: {@code nr_pages} (default 1) pages, from an empty space. */
    @State(Scope.Thread)
    public static class FixSize extends Subject {
        /** The kernel's {@code nr_pages} module parameter. */
        @Param({"1"})
        public int nrPages;

        VmapRequest request;

        /** Opens the allocator. */
        @Setup(Level.Trial)
        public void setUp() {
            open();
            request = TestVmalloc.pages(nrPages);
        }
    }

    /**
     * full_fit_alloc_test: J = 16,384 kept 1-page areas interleaved with J junk ones, the junk
     * freed (lazily, as the kernel does; the 2·J lazy pages cross the threshold during setup), then
     * 1-page pairs walk upward through the exact-fit holes.
     */
    @State(Scope.Thread)
    public static class FullFit extends Subject {
        VmapRequest request;
        VmapArea[] kept;

        /** Opens the allocator and makes the J holes. */
        @Setup(Level.Trial)
        public void setUp() {
            open();
            request = TestVmalloc.pages(1);
            kept = TestVmalloc.holes(vmap, request, request, TestVmalloc.fullFitHoles(Workloads.NCPUS), false);
        }
    }

    /**
     * long_busy_list_alloc_test: 15,000 held 1-page areas; each iteration allocates 100 pages and
     * 1 page and frees both.
     *
     * <p>{@code layout=empty} is the literal port: the test starts in an empty space, so the held
     * areas lie back to back with no hole between them, and the busy-list hint is never lost (see
     * docs/benchmarks.md, family 1). {@code layout=fragmented} first places the pre-existing areas of
     * {@link Workloads#fragment} — the space of a running kernel, where the published O(n) numbers
     * were measured — and then runs the same test.
     */
    @State(Scope.Thread)
    public static class LongBusyList extends Subject {
        /** {@code empty} or {@code fragmented}. */
        @Param({"empty", "fragmented"})
        public String layout;

        /** Seed of the fragmented layout. */
        @Param(Workloads.DEFAULT_SEED)
        public long seed;

        VmapRequest big;
        VmapRequest small;
        VmapArea[] held;
        List<VmapArea> preexisting;

        /** Opens the allocator, lays out the space and allocates the 15,000 held areas. */
        @Setup(Level.Trial)
        public void setUp() {
            open();
            switch (layout) {
                case "empty":
                    preexisting = List.of();
                    break;
                case "fragmented":
                    preexisting = Workloads.fragment(vmap, seed);
                    break;
                default:
                    throw new IllegalArgumentException("layout must be empty or fragmented, not " + layout);
            }
            big = TestVmalloc.pages(TestVmalloc.LONG_BUSY_LIST_BIG_PAGES);
            small = TestVmalloc.pages(1);
            held = TestVmalloc.hold(vmap, small, TestVmalloc.LONG_BUSY_LIST_HELD);
        }
    }

    /** random_size_alloc_test: 1..100 pages, uniform, pre-drawn from {@code seed}. */
    @State(Scope.Thread)
    public static class RandomSize extends Subject {
        /** Seed of the size ring. */
        @Param(Workloads.DEFAULT_SEED)
        public long seed;

        VmapRequest[] byPages;
        int[] sizes;
        int next;

        /** Opens the allocator and draws the sizes. */
        @Setup(Level.Trial)
        public void setUp() {
            open();
            byPages = TestVmalloc.requestsByPages(TestVmalloc.RANDOM_SIZE_MAX_PAGES);
            sizes = Workloads.randomSizeRing(seed);
        }
    }

    /** fix_align_alloc_test: 5 pages aligned to {@code align} bytes (default 32 KiB). */
    @State(Scope.Thread)
    public static class FixAlign extends Subject {
        /** The alignment in bytes, {@code THREAD_ALIGN << 1}; config-dependent in the kernel. */
        @Param({"32768"})
        public long align;

        VmapRequest request;

        /** Opens the allocator. */
        @Setup(Level.Trial)
        public void setUp() {
            open();
            request = VmapRequest.builder((long) TestVmalloc.FIX_ALIGN_PAGES * TestVmalloc.PAGE).align(align).build();
        }
    }

    /**
     * random_size_align_alloc_test: from one random value r, align {@code 1 << (r % 23)} bytes and
     * size {@code (r % 10 + 1)} pages, pre-drawn from {@code seed}.
     */
    @State(Scope.Thread)
    public static class RandomSizeAlign extends Subject {
        /** Seed of the request ring. */
        @Param(Workloads.DEFAULT_SEED)
        public long seed;

        VmapRequest[] requests;
        int next;

        /** Opens the allocator and draws the requests. */
        @Setup(Level.Trial)
        public void setUp() {
            open();
            requests = Workloads.randomSizeAlignRing(seed);
        }
    }

    /** fix_size: one pair. */
    @Benchmark
    public VmapArea fixSize(FixSize s) {
        return s.pair(s.request);
    }

    /** full_fit: one exact-fit pair. */
    @Benchmark
    public VmapArea fullFit(FullFit s) {
        return s.pair(s.request);
    }

    /** long_busy_list: one kernel iteration = 2 pairs (100 pages and 1 page, both held, then both freed); reported per pair. */
    @Benchmark
    @OperationsPerInvocation(2)
    public VmapArea longBusyList(LongBusyList s) {
        VmapAllocator vmap = s.vmap;
        VmapArea big = vmap.allocate(s.big);
        VmapArea small = vmap.allocate(s.small);
        vmap.free(big);
        vmap.free(small);
        return small;
    }

    /** random_size: one pair of 1..100 pages. */
    @Benchmark
    public VmapArea randomSize(RandomSize s) {
        return s.pair(s.byPages[s.sizes[s.next++ & Workloads.RING_MASK]]);
    }

    /** fix_align: one aligned 5-page pair. */
    @Benchmark
    public VmapArea fixAlign(FixAlign s) {
        return s.pair(s.request);
    }

    /** random_size_align: one pair with correlated size and alignment. */
    @Benchmark
    public VmapArea randomSizeAlign(RandomSizeAlign s) {
        return s.pair(s.requests[s.next++ & Workloads.RING_MASK]);
    }
}
