package io.vmapkit.workloads.simulate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named simulation: which plugin's workload runs on which address space, with which seed and how
 * many operations, under which policies.
 *
 * @param name the name for {@code --scenario}
 * @param description one line for help and the report
 * @param space the address-space preset, {@code x86_32} or {@code x86_64}
 * @param plugin the plugin that offers the workload
 * @param workload the workload's name ({@link io.vmapkit.api.spi.VmapPlugin#workloads()})
 * @param seed the default seed
 * @param operations the default number of operations per policy
 * @param policies the policies, the default ones first
 * @param defaultPolicies how many of the first policies run by default
 */
public record Scenario(String name, String description, String space, String plugin, String workload, long seed,
        long operations, List<Policy> policies, int defaultPolicies) {

    /** Checks and copies. */
    public Scenario {
        Objects.requireNonNull(name, "name");
        policies = List.copyOf(policies);
        if (defaultPolicies < 1 || defaultPolicies > policies.size()) {
            throw new IllegalArgumentException("scenario " + name + ": " + defaultPolicies + " default policies of "
                    + policies.size());
        }
    }

    /** The policy called {@code name}. */
    public Optional<Policy> policy(String policyName) {
        return policies.stream().filter(p -> p.name().equals(policyName)).findFirst();
    }

    /** The policies run when {@code --policies} is not given. */
    public List<Policy> defaults() {
        return policies.subList(0, defaultPolicies);
    }
}
