/**
 * The 6.9+ {@code vmap-nodes} allocator ({@code mm/vmalloc.c} since 6.9: {@code struct vmap_node}),
 * reached through {@link io.vmapkit.allocator.nodes.VmapNodesAllocatorProvider}: the global free
 * tree of {@code free-tree} ({@link io.vmapkit.allocator.FreeTree}) beside {@code nr_vmap_nodes}
 * nodes, each with its own busy areas, lazy areas and size pools of purged areas, each behind its
 * own lock. Its rules (node choice by address zone and by the allocating CPU, the pools of 1 to 256
 * pages filled at purge and used by whole-range requests, their decay, the full decay of the
 * overflow path, the 6.9 failure message) are in docs/fidelity.md §18, each with its test.
 *
 * <p>The implementation is package-private; its settings are {@link io.vmapkit.allocator.nodes.NodesSettings}
 * (with every {@link io.vmapkit.allocator.AllocatorSettings} key). Allocations and frees from
 * different threads lock different nodes; they share only the free tree's lock on a pool miss, the
 * purge lock, and the lazy counter, as in the kernel. The allocator's "CPU" is fixed per thread at
 * its first call: threads are numbered in the order they first call, modulo {@code vmapkit.ncpus}
 * (tests pass their own). This package depends on the api and its parent package only.
 */
package io.vmapkit.allocator.nodes;
