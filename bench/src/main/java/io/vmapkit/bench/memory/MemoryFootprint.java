package io.vmapkit.bench.memory;

import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.bench.Workloads;
import io.vmapkit.bench.baseline.PageRangeAllocator;
import io.vmapkit.bench.baseline.TreeMapFirstFit;
import io.vmapkit.bench.baseline.TwoLevelBitmapFirstFit;
import io.vmapkit.workloads.testvmalloc.TestVmalloc;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.util.Multiset;
import org.openjdk.jol.vm.VM;

/**
 * Family 4: heap bytes per live area, for each allocator, at 100,000 live areas (goal for
 * vmapkit's allocators: at most 64 bytes). A plain program, not a JMH benchmark: the answer is a
 * size, not a time.
 *
 * <p>Two methods, side by side:
 * <ul>
 *   <li><b>JOL</b>: {@link GraphLayout} of everything reachable from the allocator and from the
 *       handles the caller keeps, minus the same graph of the empty allocator, minus the array the
 *       handles sit in (a caller's own container). Exact for this VM's layout (compressed oops,
 *       alignment); shared objects reached from both graphs cancel out.</li>
 *   <li><b>heap difference</b>: used heap after repeated {@code System.gc()} before and after the
 *       fill. A cross-check; noisier, and includes anything the allocator allocated and still
 *       holds outside the graph.</li>
 * </ul>
 * Layouts: {@code packed} (N one-page areas back to back, one free block above) and {@code holes}
 * (N areas separated by N free 2-page holes, purged), the second being what a free-block index
 * pays for fragmentation. The baselines keep no per-area record (the caller remembers page and
 * size), so their figure is what their free-range structure grows by; the bitmap's is fixed.
 *
 * <p>The largest contributors by class are printed after each row, to show where the bytes go.
 * Subjects whose provider is not on the class path are reported as such and skipped.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar io.vmapkit.bench.memory.MemoryFootprint [areas] [subject,...]}
 * (defaults: 100000 and {@code free-tree,busy-list,treemap,bitmap}). JOL may print a warning about
 * dynamic agents on JDK 17+; add {@code -Djdk.attach.allowAttachSelf -XX:+EnableDynamicAgentLoading}
 * to silence it. The figures do not depend on it.
 */
public final class MemoryFootprint {

    /** The default live-area count, 100,000. */
    public static final int DEFAULT_AREAS = 100_000;

    /** Pages a baseline manages: room for 4 pages per area at the largest sensible count. */
    static final long BASELINE_PAGES = 1L << 22;

    /**
     * One measurement.
     *
     * @param subject allocator or baseline name
     * @param layout packed or holes
     * @param areas live areas
     * @param fixedBytes JOL size of the empty structure
     * @param jolBytesPerArea JOL growth per live area
     * @param heapBytesPerArea used-heap growth per live area
     * @param objectsPerArea JOL object-count growth per live area
     * @param topClasses the classes that grew most, with their bytes per area
     */
    public record Row(String subject, String layout, int areas, long fixedBytes, double jolBytesPerArea,
            double heapBytesPerArea, double objectsPerArea, String topClasses) {}

    private MemoryFootprint() {}

    /**
     * Measures {@code subject} ({@code treemap}, {@code bitmap}, or an allocator provider name) in
     * {@code layout} with {@code areas} live areas.
     *
     * @throws IllegalArgumentException for an unknown layout or bad count
     * @throws IllegalStateException if no allocator provider has that name
     */
    public static Row measure(String subject, String layout, int areas) {
        if (areas < 1) {
            throw new IllegalArgumentException("area count " + areas + " must be at least 1");
        }
        boolean holes = switch (layout) {
            case "packed" -> false;
            case "holes" -> true;
            default -> throw new IllegalArgumentException("unknown layout '" + layout + "' (packed, holes)");
        };
        Object structure = create(subject);
        GraphLayout empty = GraphLayout.parseInstance(structure);
        long heapBefore = usedHeapAfterGc();
        Object handles = structure instanceof VmapAllocator
                ? fillAllocator((VmapAllocator) structure, holes, areas)
                : fillBaseline((PageRangeAllocator) structure, holes, areas);
        long heapAfter = usedHeapAfterGc();
        GraphLayout full = GraphLayout.parseInstance(structure, handles);
        long container = VM.current().sizeOf(handles);
        double jol = (double) (full.totalSize() - container - empty.totalSize()) / areas;
        double heap = (double) (heapAfter - heapBefore - container) / areas;
        double objects = (double) (full.totalCount() - 1 - empty.totalCount()) / areas;
        String top = topClasses(empty, full, handles, areas);
        return new Row(subject, layout, areas, empty.totalSize(), jol, heap, objects, top);
    }

    /** Prints the table for the subjects and area count given (see the class comment). */
    public static void main(String[] args) {
        int areas = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_AREAS;
        String[] subjects = (args.length > 1 ? args[1] : "free-tree,busy-list,treemap,bitmap").split(",");
        System.out.printf(Locale.ROOT, "# vmapkit memory footprint, %,d live areas, %s%n", areas, Runtime.version());
        System.out.println("# " + VM.current().details().replace("\n", "\n# "));
        System.out.printf(Locale.ROOT, "%-16s %-7s %10s %14s %14s %12s%n",
                "subject", "layout", "areas", "fixed bytes", "B/area (JOL)", "B/area (heap)");
        for (String subject : subjects) {
            for (String layout : new String[] {"packed", "holes"}) {
                Row r;
                try {
                    r = measure(subject, layout, areas);
                } catch (IllegalStateException e) {
                    System.out.printf(Locale.ROOT, "%-16s %-7s not available: %s%n", subject, layout, e.getMessage());
                    break;
                }
                System.out.printf(Locale.ROOT, "%-16s %-7s %,10d %,14d %14.1f %12.1f%n",
                        r.subject(), r.layout(), r.areas(), r.fixedBytes(), r.jolBytesPerArea(), r.heapBytesPerArea());
                System.out.printf(Locale.ROOT, "    %.2f objects/area; by class: %s%n", r.objectsPerArea(), r.topClasses());
            }
        }
    }

    private static Object create(String subject) {
        return switch (subject) {
            case "treemap" -> new TreeMapFirstFit(BASELINE_PAGES);
            case "bitmap" -> new TwoLevelBitmapFirstFit(BASELINE_PAGES);
            default -> Workloads.newAllocator(subject, "x86_64");
        };
    }

    private static Object fillAllocator(VmapAllocator vmap, boolean holes, int areas) {
        return holes
                ? TestVmalloc.holes(vmap, TestVmalloc.pages(1), TestVmalloc.pages(1), areas, true)
                : TestVmalloc.hold(vmap, TestVmalloc.pages(1), areas);
    }

    private static long[] fillBaseline(PageRangeAllocator a, boolean holes, int areas) {
        if ((long) areas * (holes ? 4 : 2) > a.capacity()) {
            throw new IllegalArgumentException(areas + " areas do not fit a baseline of " + a.capacity() + " pages");
        }
        long[] kept = new long[areas];
        long[] junk = holes ? new long[areas] : null;
        for (int i = 0; i < areas; i++) {
            kept[i] = a.alloc(2);
            if (holes) {
                junk[i] = a.alloc(2);
            }
        }
        if (holes) {
            for (long j : junk) {
                a.free(j, 2);
            }
        }
        return kept;
    }

    private static String topClasses(GraphLayout empty, GraphLayout full, Object container, int areas) {
        Multiset<Class<?>> before = empty.getClassSizes();
        Multiset<Class<?>> after = full.getClassSizes();
        long containerSize = VM.current().sizeOf(container);
        List<Class<?>> grown = new ArrayList<>();
        Map<Class<?>, Long> growth = new HashMap<>();
        for (Class<?> c : after.keys()) {
            long g = after.count(c) - before.count(c) - (c == container.getClass() ? containerSize : 0);
            if (g > 0) {
                grown.add(c);
                growth.put(c, g);
            }
        }
        grown.sort(Comparator.comparingLong((Class<?> c) -> growth.get(c)).reversed());
        StringBuilder sb = new StringBuilder();
        for (Class<?> c : grown.subList(0, Math.min(5, grown.size()))) {
            sb.append(sb.length() == 0 ? "" : ", ")
                    .append(c.getSimpleName().isEmpty() ? c.getName() : c.getSimpleName())
                    .append(String.format(Locale.ROOT, " %.1f", (double) growth.get(c) / areas));
        }
        return sb.length() == 0 ? "(nothing grew)" : sb.toString();
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
