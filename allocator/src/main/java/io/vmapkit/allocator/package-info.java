/**
 * The vmap address-space allocators: {@code free-tree} (the 5.2+ augmented free tree, the
 * default), {@code busy-list} (the pre-5.2 first fit with the {@code free_vmap_cache} hint) and
 * {@code busy-list-kernel} (the same with the kernel's literal hint test), with lazy free and
 * purge, the overflow path that calls the purge notifier chain, and JFR events named after the
 * kernel tracepoints. The physical page pool is in {@link io.vmapkit.allocator.page}; the 6.9+
 * {@code vmap-nodes} allocator, built on this package's {@link io.vmapkit.allocator.FreeTree},
 * {@link io.vmapkit.allocator.RequestWindow} and {@link io.vmapkit.allocator.Tracepoints}, is in
 * {@link io.vmapkit.allocator.nodes}.
 *
 * <p>Implementations are package-private and reached through the providers, registered with
 * {@code @AutoService}: {@link io.vmapkit.allocator.FreeTreeAllocatorProvider} (priority 10),
 * {@link io.vmapkit.allocator.BusyListAllocatorProvider} (0) and
 * {@link io.vmapkit.allocator.BusyListKernelAllocatorProvider} (-1). This module depends on the api
 * only; the purge chain and the listener come in through {@link io.vmapkit.allocator.AllocatorConfig}.
 *
 * <h2>Shape</h2>
 * One core ({@code VmapAllocatorCore}) holds everything the algorithms share: request validation
 * ({@code RequestWindow}), the guard page, the areas (live ones and the
 * lazy set), the lazy counter and threshold, purges, the overflow path, statistics, snapshots,
 * debug checks and events. A {@code Placement} decides where a request goes and how a purged range
 * becomes free again: {@code FreeTreePlacement} keeps free blocks, {@code BusyListPlacement}
 * keeps busy areas (lazily freed ones included until purged, as before 5.4). Both keep their
 * ranges in {@code RangeTree}, an array-backed AVL tree augmented with {@code subtree_max_size}.
 * The handle returned to callers ({@code Area}) is also the allocator's only per-area record.
 *
 * <h2>Era switches</h2>
 * Behaviours that changed between releases without changing placement are fixed when an allocator
 * is built ({@link io.vmapkit.allocator.EraSwitches}, from the configuration's
 * {@code honourNoWarn} and {@code traceEmptyPurge}): whether {@code NO_WARN} silences the overflow
 * warning (not before ≈4.12) and whether an empty purge is reported (6.x). Threshold purges run on
 * the freeing thread ({@code SYNC}, try-purge, up to 5.17) or on the drain worker
 * ({@code BACKGROUND}, 5.18+), which purges first and then again while over the threshold.
 *
 * <h2>Locks and callbacks</h2>
 * One lock ({@code vmap_area_lock}) guards all consistent state and is held only for short,
 * non-blocking sections. Purges are serialised by a second lock ({@code vmap_purge_lock}):
 * synchronous purges wait for it, the threshold purge and the overflow purge of a non-blocking
 * request only try it (the latter waits, as in the kernel, with
 * {@link io.vmapkit.allocator.AllocatorConfig#nonBlockingPurgeTrylock()} off). The purge notifier chain and the listener run with the allocator lock not
 * held, so callbacks may free areas, read statistics and block; listener purge events run under
 * the (reentrant) purge lock. A listener that throws is contained
 * ({@link io.vmapkit.api.event.VmapListener#composite}); a chain that throws is logged and its
 * round counts what was added before it threw.
 *
 * <h2>Why {@code busy-list} differs from the kernel in one test, and {@code busy-list-kernel} does not</h2>
 * The kernel drops the hint when {@code size < cached_hole_size}. {@code cached_hole_size} is the
 * largest usable gap the walks have passed below the hint, so a request of exactly that size fits
 * in a gap below the hint, but the strict test keeps the hint and the walk starts above it
 * (docs/fidelity.md §2.4). The issue asks for identical placements from both algorithms, and the spec
 * asks for the kernel's hint logic literally. Both are kept:
 * <ul>
 *   <li>{@code busy-list} tests {@code size <= cached_hole_size}. With that one change every
 *       placement is the lowest-address fit: a kept hint means every gap below it, measured at an
 *       alignment no larger and a vstart no higher than the current ones, is smaller than the
 *       request, and every purge below the hint moves it down to the purged area's predecessor or
 *       drops it. The seeded differential test ({@code DifferentialPlacementTest}: 200,000
 *       operations by default, millions with {@code -Dvmapkit.diff.ops}) confirms that
 *       {@code free-tree}, {@code busy-list} and a linear first-fit oracle agree on every
 *       placement, every failure, every purge and the whole occupancy.</li>
 *   <li>{@code busy-list-kernel} keeps the strict test. {@code BusyListKernelDivergenceTest} shows
 *       that its only divergences from the lowest fit are that case: the hint was kept only by
 *       the strict test, and the lowest fit is an exact-size hole below the hint. The consequence
 *       is a higher placement, a failure, or (the first search having failed) an overflow purge
 *       the lowest-fit allocators do not need, after which the retry may land anywhere that purge
 *       released; no other divergence was found.</li>
 * </ul>
 * Differences from the kernel that change no placement in a kernel-sized space: every
 * {@code ALIGN} and {@code candidate + size} is checked for wrap-around and fails the search at
 * once (the kernel relies on a later {@code candidate < vstart} test, which cannot see a candidate
 * that wrapped to 0 when vstart is 0: a space starting at address 0); the kernel's
 * {@code addr + cached_hole_size < va_start} is evaluated without wrap-around;
 * {@code vmap_area_pcpu_hole} is not modelled. The 3.x and 4.x wrap tests differ only for an area
 * ending exactly at 2^64, which no {@link io.vmapkit.api.vmap.AddressSpace} can hold, so there is
 * no switch for them.
 *
 * <h2>Documented improvements over the kernel</h2>
 * The purge-notifier round cap ({@link io.vmapkit.allocator.AllocatorConfig#maxNotifierRounds()},
 * default 8, -1 for the kernel's unbounded loop): when the cap is reached the allocation fails with
 * EBUSY, {@code roundCapReached}, and the names of the blocks that claimed progress in the last
 * round. A purge holds the allocator lock for the whole hand-back of the lazy set, so snapshots
 * never see a range that is neither lazy nor free (the kernel's 4.10+ reschedule points are not
 * modelled). A chain that throws is contained. A threshold purge whose try-lock failed because a
 * purge was running is not lost: the running purge re-checks the counter when it releases the lock
 * (the kernel leaves that backlog until the next free or the overflow path).
 *
 * <p>Switches that give the kernel's behaviour back ({@code docs/fidelity.md}, "Deliberate
 * deviations"): the round cap set to unlimited (D1);
 * {@link io.vmapkit.allocator.AllocatorConfig#rejectImpossibleRequests()} off, so a request that can
 * never fit its window runs the overflow path and fails with EBUSY (D3);
 * {@link io.vmapkit.allocator.AllocatorConfig#nonBlockingPurgeTrylock()} off (D12);
 * {@link io.vmapkit.allocator.AllocatorConfig#freeTreeSearch()} {@code 5.2} or {@code 6.x}, the
 * eras' search lengths, which may place requests aligned above the page size higher than the
 * lowest fit, or fail, and are therefore not placement-identical to {@code busy-list} (D14; the
 * differential test runs the default); {@link io.vmapkit.allocator.page.PagePoolConfig#maxOomRounds()}
 * unlimited for the page pool (D21).
 *
 * <h2>Memory (JOL, {@code MemoryFootprintTest}, JDK 17, compressed oops)</h2>
 * Per live area at 100,000 live 1-page areas, the whole allocator graph minus an empty allocator:
 * <ul>
 *   <li>{@code free-tree}, packed (areas adjacent, one free block): <b>53.3 bytes</b> per area:
 *       the 48-byte handle (header 12, start/end 16, allocator and owner references 8, index 4,
 *       state and guard flag 2, padding) plus its slot in the live array with growth slack. The
 *       goal was the kernel's 64-byte {@code struct vmap_area}.</li>
 *   <li>{@code free-tree}, fragmented (a free block between each two live areas): <b>113.1
 *       bytes</b>: the above plus a 40-byte tree node per free block (three {@code long}s, four
 *       {@code int}s, no header) and array growth slack. The kernel pays a second 64-byte
 *       {@code vmap_area} per free block too.</li>
 *   <li>{@code busy-list}, packed: <b>106.2 bytes</b>: a busy-tree node per area.</li>
 * </ul>
 *
 * <h2>Settings</h2>
 * Every policy knob of these allocators is a setting declared in
 * {@link io.vmapkit.allocator.AllocatorSettings} (the page pool's in
 * {@link io.vmapkit.allocator.page.PagePoolSettings}), which the providers list as their
 * {@code settings()} and answer presets for; {@link io.vmapkit.allocator.AllocatorConfig#from}
 * reads them. Adding a knob touches this module and one row of {@code docs/configuration.md}.
 */
package io.vmapkit.allocator;
