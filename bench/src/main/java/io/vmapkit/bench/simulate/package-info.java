/**
 * Family 7: {@code vmapkit simulate} end to end — the i915 workload of the {@code i915-32bit}
 * scenario under each policy, run by the same {@link io.vmapkit.workloads.simulate.PolicyRun} as {@code vmapkit simulate}.
 */
package io.vmapkit.bench.simulate;
