/**
 * The port of the kernel's {@code lib/test_vmalloc.c} (lib/test_vmalloc.c): the one
 * place where its workloads are defined. {@link io.vmapkit.workloads.testvmalloc.TestVmalloc} holds the
 * parameters and derivations (sizes, alignments, hole counts) and the fill helpers, shared with the
 * JMH benchmarks of the {@code bench} module; {@link io.vmapkit.workloads.testvmalloc.TestCase} defines
 * each test by its kernel bit and name; {@link io.vmapkit.workloads.testvmalloc.Suite} is the harness
 * (workers started together on a gate, shuffled or sequential order, repeats, timings, and the
 * port's own checks after each test), whose result
 * {@link io.vmapkit.workloads.testvmalloc.SuiteResult#kernelLog()} prints in the kernel's format.
 *
 * <p>Randomness comes from a seeded {@link java.util.SplittableRandom}, split once per worker, so a
 * run is reproducible from its seed (timings aside).
 */
package io.vmapkit.workloads.testvmalloc;
