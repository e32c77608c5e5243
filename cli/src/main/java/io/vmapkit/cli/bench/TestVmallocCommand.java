package io.vmapkit.cli.bench;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.cli.common.Allocators;
import io.vmapkit.cli.common.CommandFailure;
import io.vmapkit.cli.common.JfrOption;
import io.vmapkit.cli.common.KernelWarnings;
import io.vmapkit.cli.common.PluginPathOption;
import io.vmapkit.cli.common.Sizes;
import io.vmapkit.cli.common.Spaces;
import io.vmapkit.workloads.testvmalloc.Suite;
import io.vmapkit.workloads.testvmalloc.SuiteConfig;
import io.vmapkit.workloads.testvmalloc.SuiteResult;
import io.vmapkit.workloads.testvmalloc.TestCase;
import io.vmapkit.workloads.testvmalloc.TestVmalloc;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code vmapkit bench test-vmalloc}: the kernel's test_vmalloc suite on the model. */
@Command(name = "test-vmalloc", mixinStandardHelpOptions = true, versionProvider = io.vmapkit.cli.VersionProvider.class,
        sortOptions = false,
        description = {
            "Run the port of the kernel's test_vmalloc suite.",
            "Runs the port of lib/test_vmalloc.c and prints its Summary lines: per test and worker the passes, failures "
                    + "and the average time of one repeat (a loop of --loops iterations) in usec, then "
                    + "'All test took worker<n>=<ns> ns', then ns per alloc+free pair. align_shift_alloc_test fails by "
                    + "design; the allocator's warnings (the kernel log) are printed after the summaries. After each "
                    + "test the port checks the allocator: no overlaps, all address space returned, lazy counter 0.", ""},
        footer = {"", "Tests (bit: name): 1 fix_size, 2 full_fit, 4 long_busy_list, 8 random_size, 16 fix_align, "
                + "32 random_size_align, 64 align_shift, 128 pcpu (skipped), 256 kvfree_rcu_1_arg, 512 kvfree_rcu_2_arg, "
                + "1024 vm_map_ram (skipped), 2048 no_block. The kernel's default mask is 7 since 2025.",
            "Timings include the JVM's warm-up (the first tests of a run pay for JIT compilation, so --compare "
                + "favours the second allocator on short runs); use --repeat and many loops, or the JMH suites, for ratios."})
public final class TestVmallocCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginPathOption pluginPath;

    @Mixin
    JfrOption jfr;

    @Option(names = "--test-mask", paramLabel = "MASK", converter = MaskConverter.class, defaultValue = "" + SuiteConfig.ALL_TESTS,
            description = "run_test_mask: which tests, by bit; decimal or 0x hex (default: ${DEFAULT-VALUE}, all).")
    int mask;

    @Option(names = "--loops", paramLabel = "N", defaultValue = "" + TestVmalloc.DEFAULT_LOOPS,
            description = "test_loop_count: iterations of each loop test; below 1 means 1 (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "test_repeat_count: runs of each test, averaged; below 1 means 1 (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "nr_threads: workers, started together; below 1 means 1 (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--sequential", description = "sequential_test_order: do not shuffle each worker's test order.")
    boolean sequential;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + TestVmalloc.DEFAULT_SEED,
            description = "Seed of the shuffles and random sizes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--allocator", paramLabel = "NAME", description = "The allocator (default: the highest-priority one found).")
    String allocator;

    @Option(names = "--compare", paramLabel = "ALLOCATOR",
            description = "Also run the suite on this allocator (for example busy-list) and print the ratio per test.")
    String compare;

    @Option(names = "--space", paramLabel = "PRESET", defaultValue = "x86_64",
            description = "Address-space preset: x86_64 or x86_32 (default: ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--space-size", paramLabel = "SIZE", converter = Sizes.class, description = "Size of the vmalloc space, at least 1M.")
    Long spaceSize;

    @Option(names = "--ncpus", paramLabel = "N", defaultValue = "" + TestVmalloc.DEFAULT_NCPUS,
            description = "Online CPUs: lazy_max_pages and full_fit's holes are fls(ncpus) * 8192 (default: ${DEFAULT-VALUE}).")
    int ncpus;

    @Option(names = "--nr-pages", paramLabel = "N", defaultValue = "" + TestVmalloc.DEFAULT_NR_PAGES,
            description = "nr_pages: size of fix_size and no_block in pages (default: ${DEFAULT-VALUE}).")
    int nrPages;

    @Option(names = "--fix-align", paramLabel = "SIZE", converter = Sizes.class, defaultValue = "" + TestVmalloc.FIX_ALIGN_BYTES,
            description = "fix_align's alignment, THREAD_ALIGN << 1 (default: ${DEFAULT-VALUE}).")
    long fixAlign;

    @SuppressWarnings("try") // the JFR recording runs for the command and is written when closed
    @Override
    public Integer call() throws InterruptedException {
        if (ncpus < 1) {
            throw usage("--ncpus must be at least 1, not " + ncpus);
        }
        if (threads > 1024) {
            throw usage("--threads " + threads + " is more than 1024 workers");
        }
        if (Long.bitCount(fixAlign) != 1) {
            throw usage("--fix-align " + fixAlign + " is not a power of two");
        }
        AddressSpace as;
        try {
            as = Spaces.of(space, spaceSize);
        } catch (IllegalArgumentException e) {
            throw usage((spaceSize != null ? "--space-size: " : "--space: ") + e.getMessage());
        }
        java.util.Map<String, java.nio.file.Path> outputs = new java.util.LinkedHashMap<>();
        outputs.put("--jfr", jfr.file());
        io.vmapkit.cli.common.OutputFiles.check(spec.commandLine(), outputs);
        SuiteConfig config = new SuiteConfig(mask, loops, repeat, threads, sequential, seed, nrPages, fixAlign, as, ncpus);
        PrintWriter out = spec.commandLine().getOut();
        try (PluginPathOption.PluginLoader loader = pluginPath.open(); JfrOption.Session recording = jfr.start()) {
            AllocatorProvider first = Allocators.find(loader.loader(), allocator, spec.commandLine());
            AllocatorProvider second = compare == null ? null : Allocators.find(loader.loader(), compare, spec.commandLine());
            List<SuiteResult> results = new ArrayList<>();
            results.add(run(config, loader.loader(), first, out));
            if (second != null) {
                out.println();
                results.add(run(config, loader.loader(), second, out));
                out.println();
                out.print(compare(results.get(0), results.get(1)));
            }
            out.flush();
            List<String> problems = new ArrayList<>();
            for (SuiteResult r : results) {
                r.unexpectedFailures().forEach(f -> problems.add(r.allocator() + ": " + f));
                r.checkFailures().forEach(f -> problems.add(r.allocator() + ": check failed " + f));
            }
            if (!problems.isEmpty()) {
                throw new CommandFailure(problems.size() + " problem(s): " + String.join("; ", problems));
            }
            return 0;
        }
    }

    /** Runs the suite on one allocator and prints its lines, then the allocator's warnings (its kernel log). */
    private static SuiteResult run(SuiteConfig config, ClassLoader loader, AllocatorProvider provider, PrintWriter out)
            throws InterruptedException {
        SuiteResult r;
        List<String> warnings;
        try (KernelWarnings log = KernelWarnings.capture()) {
            r = Suite.run(config, loader, provider);
            warnings = log.lines();
        }
        out.print(r.kernelLog());
        if (!warnings.isEmpty()) {
            out.println("Kernel log: " + warnings.size() + (warnings.size() == 1 ? " line" : " lines")
                    + " (rate-limited like printk_ratelimit)");
            warnings.forEach(w -> out.println("  " + w));
        }
        out.flush();
        return r;
    }

    private static String compare(SuiteResult a, SuiteResult b) {
        StringBuilder sb = new StringBuilder();
        for (TestCase t : a.config().selected()) {
            OptionalDouble x = a.avgUsec(t);
            OptionalDouble y = b.avgUsec(t);
            if (!t.modelled() || x.isEmpty() || y.isEmpty()) {
                continue;
            }
            String ratio = x.getAsDouble() == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", y.getAsDouble() / x.getAsDouble());
            sb.append(String.format(Locale.ROOT, "Compare: %s %s: %.0f usec %s: %.0f usec ratio %s/%s: %s%n", t.kernelName(),
                    a.allocator(), x.getAsDouble(), b.allocator(), y.getAsDouble(), b.allocator(), a.allocator(), ratio));
        }
        return sb.toString();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code run_test_mask}: decimal or {@code 0x} hex, 0 to 0x7fffffff. */
    static final class MaskConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long v;
            try {
                v = value.startsWith("0x") || value.startsWith("0X") ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a test mask (decimal or 0x hex)");
            }
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new TypeConversionException("test mask " + value + " is outside 0 to 0x7fffffff");
            }
            return (int) v;
        }
    }
}
