package io.vmapkit.bench.scaling;

import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
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
 * Family 2: the cost of one alloc+free pair as the number of busy areas held grows from 1,000 to
 * 1,000,000 (workloads D.3.6), to show O(log n) against O(n). Goal for {@code free-tree}: the cost
 * at 1 M is at most twice the cost at 1 k.
 *
 * <p>The measured pair is always 2 pages (3 with the guard) on x86_64. The held areas are 1-page
 * areas (2 pages with guard), in one of two layouts:
 * <ul>
 *   <li>{@code packed} — N areas back to back, as long_busy_list holds them: the free space is one
 *       block above them;</li>
 *   <li>{@code holes} — N areas separated by N free 2-page holes (made like full_fit's, then
 *       purged): every hole is one page too small for the pair, so a first fit must get past all
 *       N of them. This is the layout that separates a search that skips subtrees from one that
 *       walks.</li>
 * </ul>
 *
 * <p>{@code busy-list} is measured only up to 10,000 held areas: its search is linear in the busy
 * areas below the fit, so 100,000 and 1,000,000 would take minutes per trial to say what 1,000 and
 * 10,000 already show. Trial setup at 1,000,000 with {@code holes} makes 2,000,000 allocations and
 * 1,000,000 frees; give the JVM {@code -Xmx2g} or more.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar -f 3 -wi 3 -i 5 'scaling.ScalingBenchmark'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ScalingBenchmark {

    /** The pair every configuration measures: 2 pages, which no 2-page hole can hold with its guard. */
    static final int PAIR_PAGES = 2;

    /** An allocator holding N areas in a layout; subclasses fix the allocator and the range of N. */
    @State(Scope.Thread)
    public abstract static class Held {

        /** packed or holes. */
        @Param({"packed", "holes"})
        public String layout;

        VmapAllocator vmap;
        VmapRequest request;
        /** The held areas, reachable as a caller would keep them. */
        VmapArea[] areas;

        /** The provider name of the allocator under test. */
        abstract String allocator();

        /** The number of areas to hold. */
        abstract int count();

        /** Builds the layout once per trial; the pair keeps it constant. */
        @Setup(Level.Trial)
        public void setUp() {
            vmap = Workloads.newAllocator(allocator(), "x86_64");
            request = TestVmalloc.pages(PAIR_PAGES);
            VmapRequest one = TestVmalloc.pages(1);
            areas = switch (layout) {
                case "packed" -> TestVmalloc.hold(vmap, one, count());
                case "holes" -> TestVmalloc.holes(vmap, one, one, count(), true);
                default -> throw new IllegalArgumentException("unknown layout '" + layout + "' (packed, holes)");
            };
        }

        final VmapArea pair() {
            VmapArea area = vmap.allocate(request);
            vmap.free(area);
            return area;
        }
    }

    /** {@code free-tree} holding 1,000 to 1,000,000 areas. */
    @State(Scope.Thread)
    public static class FreeTree extends Held {
        /** Areas held. */
        @Param({"1000", "10000", "100000", "1000000"})
        public int held;

        @Override
        String allocator() {
            return "free-tree";
        }

        @Override
        int count() {
            return held;
        }
    }

    /** {@code busy-list} holding 1,000 or 10,000 areas (see the class comment for why no more). */
    @State(Scope.Thread)
    public static class BusyList extends Held {
        /** Areas held. */
        @Param({"1000", "10000"})
        public int held;

        @Override
        String allocator() {
            return "busy-list";
        }

        @Override
        int count() {
            return held;
        }
    }

    /** One 2-page pair on {@code free-tree}. */
    @Benchmark
    public VmapArea freeTree(FreeTree s) {
        return s.pair();
    }

    /** One 2-page pair on {@code busy-list}. */
    @Benchmark
    public VmapArea busyList(BusyList s) {
        return s.pair();
    }
}
