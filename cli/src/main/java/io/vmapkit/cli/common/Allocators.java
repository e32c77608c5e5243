package io.vmapkit.cli.common;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Allocator providers by name, found with the runtime's discovery from an explicit class loader,
 * so the cli can validate {@code --allocator} up front and wrap a provider (the trace recorder does).
 * Stateless; each call discovers afresh.
 */
public final class Allocators {

    private Allocators() {}

    /**
     * The allocator provider called {@code name}, or the preferred one (highest priority, then name)
     * when {@code name} is {@code null}.
     *
     * @param cmd the command, for usage errors
     * @throws ParameterException if no provider has that name (the message lists those found)
     * @throws CommandFailure if no allocator provider is on the class path at all
     */
    public static AllocatorProvider find(ClassLoader loader, String name, CommandLine cmd) {
        List<Candidate<AllocatorProvider>> found = new ServiceDiscovery(loader).find(AllocatorProvider.class).usable();
        if (found.isEmpty()) {
            throw new CommandFailure("no allocator provider was found on the class path; vmapkit-allocator "
                    + "provides free-tree and busy-list");
        }
        if (name == null) {
            return found.get(0).instance();
        }
        for (Candidate<AllocatorProvider> c : found) {
            if (c.name().equals(name)) {
                return c.instance();
            }
        }
        throw new ParameterException(cmd, "unknown allocator '" + name + "'"
                + Suggestions.didYouMean(name, found.stream().map(Candidate::name).toList()) + " (found: "
                + String.join(", ", found.stream().map(Candidate::name).toList()) + ")");
    }
}
