/**
 * Family 2: the cost of an alloc+free pair as the number of busy areas held grows from 1,000 to
 * 1,000,000, packed or separated by holes. See {@link io.vmapkit.bench.scaling.ScalingBenchmark}.
 */
package io.vmapkit.bench.scaling;
