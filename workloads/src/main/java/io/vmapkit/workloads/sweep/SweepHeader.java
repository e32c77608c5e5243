package io.vmapkit.workloads.sweep;

import java.util.Objects;

/**
 * What every results line of one sweep repeats, so that a line read alone, or a shard's file
 * read beside others, says which sweep it belongs to. Immutable and thread-safe.
 *
 * @param scenario the scenario's name
 * @param scenarioDigest a digest of everything the scenario fixes (space, workload, operations, policies,
 *     the settings given beside the axes), e.g. {@code sha256:3f1c...}; lines with different
 *     digests were run under different conditions and are never merged
 * @param version the vmapkit version that ran the cells
 * @param plan the cells
 */
public record SweepHeader(String scenario, String scenarioDigest, String version, SweepPlan plan) {

    /** Checks for {@code null}s. */
    public SweepHeader {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(scenarioDigest, "scenarioDigest");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(plan, "plan");
    }
}
