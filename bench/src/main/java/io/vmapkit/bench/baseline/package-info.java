/**
 * Family 3: the page-range allocators a Java user would write, and the benchmark that sets
 * vmapkit's {@code free-tree} against them.
 *
 * <p>{@link io.vmapkit.bench.baseline.PageRangeAllocator} is their common contract: lowest-address
 * first fit in whole pages, eager free with merging, no alignment, not thread-safe, bad input
 * refused with the state unchanged. {@link io.vmapkit.bench.baseline.TreeMapFirstFit} is the
 * simplest structure; {@link io.vmapkit.bench.baseline.TwoLevelBitmapFirstFit} the flat floor;
 * {@link io.vmapkit.bench.baseline.LockedPageRangeAllocator} shares either under one lock (used by
 * the two-thread family). {@link io.vmapkit.bench.baseline.PairOp} runs one alloc+free pair on a
 * baseline or on a vmapkit allocator, so one benchmark body measures both. Both baselines are
 * checked against a linear-scan oracle in the tests.
 */
package io.vmapkit.bench.baseline;
