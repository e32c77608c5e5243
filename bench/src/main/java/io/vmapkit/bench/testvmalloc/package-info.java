/**
 * Family 1: the loop tests of the kernel's {@code lib/test_vmalloc.c} (fix_size, full_fit,
 * long_busy_list, random_size, fix_align, random_size_align) in steady state, per allocator, in ns
 * per alloc+free pair. See {@link io.vmapkit.bench.testvmalloc.TestVmallocBenchmark}.
 */
package io.vmapkit.bench.testvmalloc;
