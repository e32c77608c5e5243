/**
 * The i915 GEM driver model as a vmapkit plugin: the driver whose {@code pin_map} cache motivated
 * the vmap purge notifier (the intel-gfx thread of 23 Feb 2016 it grew
 * from). Depends on the api only; {@link io.vmapkit.driver.i915.I915Plugin} is the one public type,
 * found by {@link java.util.ServiceLoader} under the name {@code i915}. It is a stateless factory:
 * installing it into a system returns an installation ({@code InstalledI915}) that owns that system's
 * device, shrinker, notifiers and settings, creates the workloads, and is closed on uninstall.
 *
 * <h2>The model</h2>
 * <ul>
 *   <li><b>Device</b> ({@code Device}): {@code struct_mutex} ({@code StructMutex}, non-recursive),
 *       the GEM objects on the unbound and bound lists (the bound ones active or inactive, the
 *       DONTNEED ones purgeable), the GGTT with its VMAs on active and inactive lists ({@code Ggtt},
 *       {@code Vma}; a VMA may cache an {@code iomap}, an ioremap of the aperture that takes vmap
 *       space), and a step-driven GPU whose requests complete in order and are retired by the
 *       driver ({@code Gpu}, {@code Request}). Logical ring contexts ({@code GemContext}) pin a ring
 *       and a context image, both mapped, for as long as they live; a full ring makes the next
 *       submission wait.</li>
 *   <li><b>GEM objects</b> ({@code GemObject}): size in pages; pages from the plugin's page pool;
 *       {@code pages_pin_count} (one pin per binding, one per {@code pin_map}); madvise; active flag;
 *       the cached mapping ({@code Mapping}: WB or WC, a vmap area or the direct map of one page).</li>
 *   <li><b>pin_map</b> pins the pages <em>before</em> anything that can allocate vmap space, reuses
 *       the cached mapping, maps single-page WB objects through the direct map (no vmap space), and
 *       otherwise vmaps through the allocator (guard page included). A cached mapping of the other
 *       type is replaced if nobody else holds a pin, else the call fails with EBUSY. A failed vmap
 *       undoes the pin (the pages stay) and fails with ENOMEM, as the kernel's {@code vmap()} returns
 *       NULL; the allocator's exception (EBUSY when the space is exhausted) is its cause.
 *       {@code unpin_map} only unpins; {@code put_pages} refuses while pinned and drops the mapping (a
 *       lazy free). A mapping attempt on an unpinned object is a model error.</li>
 *   <li><b>Locking</b> ({@code ShrinkerLock}): steal struct_mutex if the current thread owns it
 *       (and owner tracking is on and stealing not disabled), else trylock, else give up — count
 *       returns 0, scan SHRINK_STOP; the vmap and OOM notifiers retry for the lock timeout of the
 *       model clock, one jiffy per try, then give up logging "Unable to lock GPU to purge memory.".</li>
 *   <li><b>Shrinker and notifiers</b> ({@code GemShrinker}): {@code can_release_pages} by era,
 *       {@code i915_gem_shrink(target, flags)} with PURGEABLE / UNBOUND / BOUND / ACTIVE / VMAPS
 *       ({@code ShrinkFlags}), count and scan, the OOM notifier ({@code shrink_all}, pages added to
 *       the event), and the vmap purge notifier (BOUND|UNBOUND|ACTIVE|VMAPS; in 4.9 after waiting for
 *       idle, then unbinding every inactive GGTT VMA with an iomap). The notifier adds the pages it
 *       released to {@code freed} and never overwrites it. With {@code stop-early} it stops once the
 *       failing request could fit after the next purge ({@code ContiguousSpace}) — an improvement the
 *       kernel cannot make, off by default.</li>
 * </ul>
 *
 * <h2>Eras</h2>
 * <table>
 *   <caption>The {@code era} setting</caption>
 *   <tr><th>value</th><th>pin_map</th><th>vmap notifier</th><th>can_release_pages</th><th>iomaps</th></tr>
 *   <tr><td>{@code pre-4.7}</td><td>vmap on every pin, vunmap on every unpin (the baseline)</td>
 *       <td>none (the chain did not exist)</td><td>4.7 rule</td><td>aperture written a page at a time,
 *       no vmap space</td></tr>
 *   <tr><td>{@code 4.7}</td><td>cached until the pages go</td><td>shrink BOUND|UNBOUND|ACTIVE|VMAPS</td>
 *       <td>{@code pages_pin_count == bound VMAs + pinned VMAs}</td><td>as pre-4.7</td></tr>
 *   <tr><td>{@code 4.9}</td><td>cached</td><td>wait for idle, shrink as 4.7, unbind inactive iomap
 *       VMAs</td><td>{@code pages_pin_count <= bind_count}, no VMA pinned; count retires first</td>
 *       <td>cached on the VMA until unbound</td></tr>
 * </table>
 *
 * <h2>Settings</h2>
 * Configuration keys {@code vmapkit.plugin.i915.<key>}; an unknown key or a bad value refuses the
 * installation with a message naming it.
 * <table>
 *   <caption>i915 settings</caption>
 *   <tr><th>key</th><th>values</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code era}</td><td>{@code pre-4.7}, {@code 4.7}, {@code 4.9}</td><td>{@code 4.7}</td>
 *       <td>the kernel release reproduced (table above)</td></tr>
 *   <tr><td>{@code vmap-notifier}</td><td>{@code true}, {@code false}</td><td>{@code true}</td>
 *       <td>register the vmap purge notifier; {@code false} is the "cache without notifier" policy.
 *       Ignored before 4.7</td></tr>
 *   <tr><td>{@code oom-notifier}</td><td>{@code true}, {@code false}</td><td>{@code true}</td>
 *       <td>register the OOM notifier</td></tr>
 *   <tr><td>{@code shrinker}</td><td>{@code true}, {@code false}</td><td>{@code true}</td>
 *       <td>register the shrinker</td></tr>
 *   <tr><td>{@code lock-timeout-ms}</td><td>0 … 3600000</td><td>{@code 5000}</td>
 *       <td>how long the notifiers retry struct_mutex, in milliseconds of the system's clock</td></tr>
 *   <tr><td>{@code hz}</td><td>1 … 10000</td><td>{@code 250}</td><td>{@code CONFIG_HZ}: the notifiers
 *       sleep one jiffy per try</td></tr>
 *   <tr><td>{@code owner-tracking}</td><td>{@code true}, {@code false}</td><td>{@code true}</td>
 *       <td>whether {@code mutex_is_locked_by} sees the owner; without it the shrinker never steals
 *       and a notifier triggered by i915's own vmap gives up after the timeout</td></tr>
 *   <tr><td>{@code stop-early}</td><td>{@code true}, {@code false}</td><td>{@code false}</td>
 *       <td>vmapkit improvement: the vmap notifier stops once the failing request could fit</td></tr>
 *   <tr><td>{@code swap}</td><td>{@code true}, {@code false}</td><td>{@code true}</td>
 *       <td>{@code swap_available()}; without swap only DONTNEED objects can release pages</td></tr>
 *   <tr><td>{@code workload.<parameter>}</td><td>as the parameter</td><td>—</td><td>a default for a
 *       workload parameter (below); parameters given to the installation's {@code newWorkload} win</td></tr>
 * </table>
 *
 * <h2>The {@code i915} workload</h2>
 * The installation's {@code newWorkload("i915", seed, parameters)} (in a system:
 * {@code system.newWorkload("i915", "i915", seed, parameters)}) returns a seeded, single-threaded
 * stream of driver activity bound to that installation's device ({@code I915Workload}). Many GL clients ({@code Client})
 * each keep a few contexts (a 4-page ring and a 22-page gen9 render image, pin-mapped while they
 * live) and libdrm's buffer cache: an execbuf takes a batch buffer from the cache (reused only once
 * the GPU is done with it; 8 pages, Mesa i965's 32 KiB {@code BATCH_SZ}, or up to 16 when grown) or
 * creates one, binds and pins it, pin-maps it for relocation and command parsing, unpins it, submits
 * it, and returns it to the cache marked DONTNEED; buffers idle past the expiry are freed, purged
 * ones are dropped when next wanted. The GPU runs a little every step; a few requests are heavy and
 * stall everything behind them, so the caches grow to cover the backlog and then sit idle — with
 * their mappings cached. Clients also create and destroy contexts and, occasionally, write a surface
 * through the GGTT aperture (from 4.9 through a cached VMA iomap). A failed mapping fails the execbuf
 * as the ioctl would, and the workload goes on. Runs are deterministic for a seed, the settings and
 * the allocator; a wait for the GPU runs it to the awaited request while every other client is
 * blocked on struct_mutex, as in 4.7. An unknown parameter or a bad value is an
 * {@link java.lang.IllegalArgumentException} naming it.
 * <table>
 *   <caption>Workload parameters</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code operations}</td><td>100000</td><td>steps</td></tr>
 *   <tr><td>{@code clients}</td><td>32</td><td>GL clients</td></tr>
 *   <tr><td>{@code contexts-per-client}</td><td>2</td><td>most live contexts per client</td></tr>
 *   <tr><td>{@code ring-pages}</td><td>4</td><td>ring size (execlists: 16 KiB)</td></tr>
 *   <tr><td>{@code context-pages}</td><td>22</td><td>context image (gen9 render; gen8 20)</td></tr>
 *   <tr><td>{@code ring-bytes-per-request}</td><td>256</td><td>ring space per request: 64 requests fit</td></tr>
 *   <tr><td>{@code batch-pages}</td><td>8</td><td>usual batch (Mesa i965 {@code BATCH_SZ} 32 KiB)</td></tr>
 *   <tr><td>{@code batch-pages-max}</td><td>16</td><td>largest grown batch</td></tr>
 *   <tr><td>{@code batch-grow-rate}</td><td>0.3</td><td>share of batches above {@code batch-pages}</td></tr>
 *   <tr><td>{@code bo-cache-expiry}</td><td>10000</td><td>steps an idle cached buffer lives (libdrm's 1 s)</td></tr>
 *   <tr><td>{@code gpu-ticks-per-op}</td><td>2</td><td>GPU time per step</td></tr>
 *   <tr><td>{@code request-ticks}</td><td>1</td><td>GPU time of an ordinary request</td></tr>
 *   <tr><td>{@code heavy-request-rate}</td><td>0.0003</td><td>share of heavy requests</td></tr>
 *   <tr><td>{@code heavy-request-ticks}</td><td>6000</td><td>mean GPU time of a heavy request
 *       (exponentially distributed)</td></tr>
 *   <tr><td>{@code retire-interval}</td><td>64</td><td>steps between retire-worker runs</td></tr>
 *   <tr><td>{@code context-churn}</td><td>0.002</td><td>chance per step of creating or destroying a context</td></tr>
 *   <tr><td>{@code iomap-rate}</td><td>0.005</td><td>chance per step of an aperture upload</td></tr>
 *   <tr><td>{@code surface-pages-min}</td><td>16</td><td>smallest aperture surface</td></tr>
 *   <tr><td>{@code surface-pages-max}</td><td>64</td><td>largest aperture surface</td></tr>
 *   <tr><td>{@code surfaces-per-client}</td><td>2</td><td>aperture surfaces a client keeps</td></tr>
 * </table>
 * <table>
 *   <caption>Workload counters, in this order (driver counters count from the workload's creation;
 *   the last three are gauges of the device, in pages)</caption>
 *   <tr><th>counter</th><th>meaning</th></tr>
 *   <tr><td>{@code ops}</td><td>steps run</td></tr>
 *   <tr><td>{@code execbufs}, {@code execbufFailures}</td><td>submissions, and those that failed to map</td></tr>
 *   <tr><td>{@code pinMapCalls}, {@code cacheHits}</td><td>pin_map calls, and those served by the cache</td></tr>
 *   <tr><td>{@code vmaps}, {@code vunmaps}, {@code directMaps}</td><td>mappings created through the
 *       allocator and freed; single-page WB maps served by the direct map</td></tr>
 *   <tr><td>{@code allocFailures}, {@code pageAllocFailures}</td><td>vmap and iomap allocations the
 *       allocator failed with EBUSY (space exhausted; {@code pin_map} reports them as ENOMEM); ENOMEM
 *       from the page pool</td></tr>
 *   <tr><td>{@code notifierRounds}, {@code freedByNotifier}</td><td>calls of the vmap notifier; pages
 *       it added to {@code freed}</td></tr>
 *   <tr><td>{@code freedByShrinker}, {@code freedByOom}</td><td>pages released by scans and by the OOM
 *       notifier</td></tr>
 *   <tr><td>{@code lockSteals}, {@code lockGiveUps}, {@code lockTimeouts}</td><td>reclaim that reused
 *       the caller's struct_mutex; that gave up; notifier give-ups after the full timeout</td></tr>
 *   <tr><td>{@code iomaps}, {@code iounmaps}, {@code iomapsUnbound}</td><td>VMA iomaps created and
 *       dropped; those the 4.9 notifier unbound</td></tr>
 *   <tr><td>{@code apertureWrites}, {@code iomapFailures}</td><td>aperture uploads done; failed</td></tr>
 *   <tr><td>{@code objectsCreated}, {@code objectsClosed}</td><td>GEM objects created and closed</td></tr>
 *   <tr><td>{@code bufferReuses}, {@code purgedReuses}</td><td>cached buffers reused; found purged</td></tr>
 *   <tr><td>{@code contextsCreated}, {@code contextsDestroyed}, {@code contextFailures},
 *       {@code contextsLive}</td><td>contexts</td></tr>
 *   <tr><td>{@code cachedBuffers}</td><td>buffers in the clients' caches now</td></tr>
 *   <tr><td>{@code requestsSubmitted}, {@code requestsRetired}, {@code ringWaits}, {@code gpuWaits}</td>
 *       <td>GPU requests; waits for ring space; waits for the GPU</td></tr>
 *   <tr><td>{@code vmapPagesLive}, {@code vmapPagesPeak}</td><td>vmap space (guard pages included) held
 *       by the device's mappings and iomaps, now and at most</td></tr>
 *   <tr><td>{@code pinnedVmapPagesPeak}</td><td>the most vmap space held by pinned mappings: the pinned
 *       working set</td></tr>
 * </table>
 *
 * <h2>What the default workload shows</h2>
 * On the {@code x86_32} space (120 MiB; 4 CPUs, so {@code lazy_max_pages} is 24576 pages, 96 MiB: up
 * to 80% of the space can be lazy before a free purges; all of it only from 8 CPUs) with the
 * free-tree allocator and seed 1, the pinned working set stays near 1500 pages (6 MiB), yet without
 * the notifier the cache fills the 30720 pages with mappings of idle buffers and execbufs fail (the
 * allocator's EBUSY, ENOMEM from {@code pin_map}); with the notifier nothing fails, and the cache
 * still cuts vmap calls by more than 10x (figures in the project's report and in
 * {@code CacheVersusNotifierTest}).
 *
 * <h2>Simplifications</h2>
 * One engine; one VMA per object (the GGTT normal view), the GGTT's own space not exhaustible; the
 * typed {@code pin_map} of 4.10 in every era (4.7 mapped WB only; the workload maps WB); the device
 * is always awake (runtime PM); the shrinker uses the default seeks and batch of 4.7.
 *
 * <h2>Threading</h2>
 * Model state is guarded by struct_mutex. The plugin's callbacks run on the threads of page reclaim
 * and vmap allocation, possibly a thread inside the driver that holds struct_mutex (then they steal
 * it); they never throw for want of the lock. A workload is stepped by one thread.
 */
package io.vmapkit.driver.i915;
