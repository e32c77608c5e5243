/**
 * Family 7: {@code vmapkit simulate} end to end — the i915 workload of the {@code i915-32bit}
 * scenario under each policy, run by the cli's own {@link io.vmapkit.cli.simulate.PolicyRun}.
 */
package io.vmapkit.bench.simulate;
