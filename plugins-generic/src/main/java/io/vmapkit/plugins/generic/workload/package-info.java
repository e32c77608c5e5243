/**
 * The generic workloads of the plugin {@code generic}: seeded, deterministic sequences of
 * allocations that need no driver model.
 *
 * <ul>
 *   <li>{@link io.vmapkit.plugins.generic.workload.LayoutWorkload layout}: recreates a vmallocinfo
 *       file's areas, at their printed addresses or in file order, and holds them;</li>
 *   <li>{@link io.vmapkit.plugins.generic.workload.ChurnWorkload churn}: vmalloc/vfree with the size
 *       mix of a vmallocinfo file, grouped by caller;</li>
 *   <li>{@link io.vmapkit.plugins.generic.workload.ModuleLoadWorkload module-load}: bursts of module
 *       loads (core kept, init freed at once) and later unloads;</li>
 *   <li>{@link io.vmapkit.plugins.generic.workload.IoremapWorkload ioremap}: bursts of device
 *       mappings with the kernel's ioremap alignment, unmapped after a while;</li>
 *   <li>{@link io.vmapkit.plugins.generic.workload.PagePoolPressureWorkload page-pool-pressure}:
 *       page runs held past the pool's size, so the pool reclaims through the shrinkers (priority 12
 *       to 0) and the OOM chain;</li>
 *   <li>{@link io.vmapkit.plugins.generic.workload.LeakyCacheWorkload leaky-cache}: an antagonist
 *       that keeps everything it maps and fills the space, so every further allocation needs someone
 *       else to reclaim.</li>
 * </ul>
 *
 * <p>Contract: a workload is created by {@link io.vmapkit.plugins.generic.workload.Workloads#create},
 * which checks every parameter first ({@link io.vmapkit.plugins.generic.workload.Parameters}: an
 * unknown one is refused with the nearest known one, a bad value names the parameter and the value)
 * and allocates nothing until the first step. Every workload takes {@code operations}, the most
 * steps it performs. The same seed, parameters and system give the same operations. A failed
 * allocation is counted (by errno), never thrown, except by {@code layout}, whose job is to place
 * every area. Counters are in camelCase and count operations, areas or pages as their names say.
 * Not thread-safe: one thread steps a workload; {@code finish()} frees what it still holds.
 */
package io.vmapkit.plugins.generic.workload;
