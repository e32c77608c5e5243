/**
 * Family 6: single-shot latency of an allocation that needs the overflow path (purge, notifier
 * round, purge, retry), with a generic cached-mapping notifier block
 * ({@link io.vmapkit.bench.overflow.CachedMappingBlock}); the i915 variant comes with the i915
 * plugin. See {@link io.vmapkit.bench.overflow.OverflowPathBenchmark}.
 */
package io.vmapkit.bench.overflow;
