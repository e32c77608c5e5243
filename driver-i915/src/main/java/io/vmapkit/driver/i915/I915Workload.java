package io.vmapkit.driver.i915;

import io.vmapkit.api.Errno;
import io.vmapkit.api.VmapException;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.VmapAllocationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code i915} workload: a seeded stream of driver activity from many GL clients.
 *
 * <p>Each step picks a client and does one thing, under struct_mutex as an ioctl would:
 * <ul>
 *   <li><b>execbuf</b> (most steps): take a batch buffer from the client's buffer cache (or create
 *       one: 8 pages usually, up to 16 when grown), bind it, pin it, {@code pin_map} it WB for
 *       relocation and command parsing, {@code unpin_map}, submit a request on one of the client's
 *       contexts (waiting for ring space if the ring is full), and return the buffer to the cache
 *       marked DONTNEED. A failed mapping (ENOMEM: the vmap failed because the space is exhausted,
 *       or no pages could be had) fails the execbuf, as it would fail the ioctl; the workload goes on. Buffers idle in the cache beyond
 *       the expiry are freed.</li>
 *   <li><b>context churn</b>: create a context (a 4-page ring and a 22-page image, both pin-mapped
 *       while the context lives) or destroy one.</li>
 *   <li><b>aperture upload</b>: bind one of the client's surfaces and write it through the GGTT
 *       aperture: from 4.9 through the VMA's cached iomap (vmap space until the VMA is unbound),
 *       before that a page at a time through atomic io mappings (no vmap space).</li>
 * </ul>
 * After every step the GPU runs for a while; requests take one tick, a few take very long (a heavy
 * request stalls everything queued behind it, and the clients' caches grow to cover the backlog);
 * the retire worker runs every few steps.
 *
 * <p>Every step draws the same number of random values whatever happens, so runs with the same seed
 * and parameters do the same things under every era and policy until their states differ. Nothing
 * depends on the wall clock or on hash order. Not thread-safe: one thread steps it.
 */
final class I915Workload implements Workload {

    private final Device device;
    private final WorkloadParameters p;
    private final long seed;
    private final SplittableRandom rng;
    private final List<Client> clients = new ArrayList<>();
    private final Map<String, Long> baseline;

    private long ops;
    private long execbufs;
    private long execbufFailures;
    private long objectsCreated;
    private long objectsClosed;
    private long bufferReuses;
    private long purgedReuses;
    private long contextsCreated;
    private long contextsDestroyed;
    private long contextFailures;
    private long apertureWrites;
    private long iomapFailures;
    private boolean finished;

    I915Workload(Device device, WorkloadParameters p, long seed) {
        this.device = device;
        this.p = p;
        this.seed = seed;
        this.rng = new SplittableRandom(seed);
        for (int i = 0; i < p.clients(); i++) {
            clients.add(new Client(i));
        }
        this.baseline = device.stats().snapshot();
    }

    @Override
    public String name() {
        return I915Plugin.WORKLOAD;
    }

    /** The seed. */
    long seed() {
        return seed;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the plugin was uninstalled since the workload was created
     */
    @Override
    public boolean step() {
        if (device.isClosed()) {
            throw new IllegalStateException("the i915 device of this workload was uninstalled");
        }
        if (finished || ops >= p.operations()) {
            return false;
        }
        Client c = clients.get(rng.nextInt(clients.size()));
        double choice = rng.nextDouble();
        int aux = rng.nextInt(1 << 30);
        double grow = rng.nextDouble();
        int growBy = rng.nextInt(1 << 30);
        boolean heavy = rng.nextDouble() < p.heavyRequestRate();
        double heavyLength = rng.nextDouble();
        ops++;
        device.structMutex().lock();
        try {
            if (c.contexts.isEmpty()) {
                createContext(c);
            } else if (choice < p.contextChurn()) {
                churnContext(c, aux);
            } else if (choice < p.contextChurn() + p.iomapRate()) {
                apertureUpload(c, aux, grow, growBy);
            } else {
                int size = p.batchPages();
                if (grow < p.batchGrowRate() && p.batchPagesMax() > p.batchPages()) {
                    size += 1 + growBy % (p.batchPagesMax() - p.batchPages());
                }
                long cost = heavy ? heavyCost(heavyLength) : p.requestTicks();
                execbuf(c, c.contexts.get(aux % c.contexts.size()), size, cost);
            }
            device.advanceGpu(p.gpuTicksPerOp());
            if (ops % p.retireInterval() == 0) {
                device.retireRequests();
            }
        } finally {
            device.structMutex().unlock();
        }
        return true;
    }

    /** A heavy request's GPU time: exponentially distributed around heavy-request-ticks (a long tail). */
    private long heavyCost(double u) {
        double x = -Math.log(1 - u) * p.heavyRequestTicks();
        return Math.max(p.requestTicks(), Math.min((long) x, 1L << 40));
    }

    // ---- operations (struct_mutex held) ---------------------------------------------------------

    private void execbuf(Client c, GemContext ctx, int size, long cost) {
        GemObject batch = takeBatch(c, size);
        boolean ok = false;
        Vma vma = null;
        try {
            vma = device.bind(batch);
            device.pinVma(vma);
            device.pinMap(batch, MapType.WB);
            // relocations and the command parser write and read the batch here
            device.unpinMap(batch);
            ok = true;
        } catch (VmapException e) {
            rethrowUnlessEnomem(e);
        } finally {
            if (vma != null && vma.pinCount > 0) {
                device.unpinVma(vma);
            }
        }
        if (ok) {
            device.submit(ctx, batch, cost);
            execbufs++;
        } else {
            execbufFailures++;
        }
        device.madvise(batch, Madv.DONTNEED);
        c.cache(batch, size, ops);
        expire(c);
    }

    /** libdrm's allocation from the cache (see {@link Client}). */
    private GemObject takeBatch(Client c, int size) {
        BoBucket bucket = c.bucket(size);
        while (!bucket.isEmpty()) {
            GemObject head = bucket.peekFirst();
            if (device.busy(head)) {
                break;
            }
            bucket.pollFirst();
            if (device.madvise(head, Madv.WILLNEED)) {
                bufferReuses++;
                return head;
            }
            purgedReuses++;
            closeObject(head);
            while (!bucket.isEmpty() && !device.madvise(bucket.peekFirst(), Madv.DONTNEED)) {
                closeObject(bucket.pollFirst());
            }
        }
        objectsCreated++;
        return device.createObject(size);
    }

    private void expire(Client c) {
        long limit = ops - p.boCacheExpiry();
        if (c.oldestHeadBound >= limit) {
            return; // no head is older than the limit (see Client.oldestHeadBound)
        }
        long oldest = Long.MAX_VALUE;
        for (int pages = 0, n = c.bucketLimit(); pages < n; pages++) {
            BoBucket bucket = c.bucketAt(pages);
            if (bucket == null) {
                continue;
            }
            while (!bucket.isEmpty() && bucket.firstFreeTime() < limit) {
                closeObject(bucket.pollFirst());
            }
            if (!bucket.isEmpty()) {
                oldest = Math.min(oldest, bucket.firstFreeTime());
            }
        }
        c.oldestHeadBound = oldest;
    }

    private void closeObject(GemObject o) {
        device.close(o);
        objectsClosed++;
    }

    private void churnContext(Client c, int aux) {
        boolean create = (aux & 1) == 0 ? c.contexts.size() < p.contextsPerClient() : c.contexts.size() <= 1;
        if (create && c.contexts.size() < p.contextsPerClient()) {
            createContext(c);
        } else if (c.contexts.size() > 1) {
            GemContext ctx = c.contexts.remove((aux >>> 1) % c.contexts.size());
            device.destroyContext(ctx);
            contextsDestroyed++;
        }
    }

    private void createContext(Client c) {
        try {
            c.contexts.add(device.createContext(p.ringPages(), p.contextPages(), p.ringBytesPerRequest()));
            contextsCreated++;
            objectsCreated += 2;
        } catch (VmapException e) {
            rethrowUnlessEnomem(e);
            contextFailures++;
        }
    }

    /**
     * Accepts what fails an ioctl here with {@code -ENOMEM}, which userspace reports before carrying
     * on: a failed vmap in {@code pin_map} (the space is exhausted) or pages that cannot be had.
     * Anything else (a {@code pin_map} type clash, EBUSY) cannot happen with this workload's WB-only
     * mappings and is rethrown as the model error it would be.
     */
    private static void rethrowUnlessEnomem(VmapException e) {
        if (e.errno() != Errno.ENOMEM) {
            throw e;
        }
    }

    private void apertureUpload(Client c, int aux, double grow, int growBy) {
        GemObject surface;
        if (c.surfaces.size() < p.surfacesPerClient()) {
            surface = newSurface(growBy);
            c.surfaces.add(surface);
        } else {
            int i = aux % c.surfaces.size();
            if (grow < 0.1) {
                closeObject(c.surfaces.get(i));
                c.surfaces.set(i, newSurface(growBy));
            }
            surface = c.surfaces.get(i);
        }
        Vma vma;
        try {
            vma = device.bind(surface);
        } catch (PageAllocationException e) {
            iomapFailures++;
            return;
        }
        if (device.era().hasVmaIomaps()) {
            try {
                device.pinIomap(vma);
                device.unpinIomap(vma);
                apertureWrites++;
            } catch (VmapAllocationException e) {
                iomapFailures++;
            }
        } else {
            apertureWrites++;
        }
    }

    private GemObject newSurface(int growBy) {
        int span = p.surfacePagesMax() - p.surfacePagesMin() + 1;
        objectsCreated++;
        return device.createObject(p.surfacePagesMin() + growBy % span);
    }

    // ---- results --------------------------------------------------------------------------------

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> d = device.stats().snapshot();
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("ops", ops);
        m.put("execbufs", execbufs);
        m.put("execbufFailures", execbufFailures);
        for (String k : List.of("pinMapCalls", "cacheHits", "vmaps", "vunmaps", "directMaps", "allocFailures",
                "pageAllocFailures", "notifierRounds", "freedByNotifier", "freedByShrinker", "freedByOom", "lockSteals",
                "lockGiveUps", "lockTimeouts", "iomaps", "iounmaps", "iomapsUnbound")) {
            m.put(k, d.get(k) - baseline.get(k));
        }
        m.put("apertureWrites", apertureWrites);
        m.put("iomapFailures", iomapFailures);
        m.put("objectsCreated", objectsCreated);
        m.put("objectsClosed", objectsClosed);
        m.put("bufferReuses", bufferReuses);
        m.put("purgedReuses", purgedReuses);
        m.put("contextsCreated", contextsCreated);
        m.put("contextsDestroyed", contextsDestroyed);
        m.put("contextFailures", contextFailures);
        long live = 0;
        long cached = 0;
        for (Client c : clients) {
            live += c.contexts.size();
            cached += c.cached();
        }
        m.put("contextsLive", live);
        m.put("cachedBuffers", cached);
        for (String k : List.of("requestsSubmitted", "requestsRetired", "ringWaits", "gpuWaits")) {
            m.put(k, d.get(k) - baseline.get(k));
        }
        m.put("vmapPagesLive", d.get("vmapPagesLive"));
        m.put("vmapPagesPeak", d.get("vmapPagesPeak"));
        m.put("pinnedVmapPagesPeak", d.get("pinnedVmapPagesPeak"));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Frees everything the clients hold: cached buffers, surfaces, contexts; then waits for the GPU so
     * that closed active objects are freed too. Later steps do nothing.
     */
    @Override
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (device.isClosed()) {
            return;
        }
        device.structMutex().lock();
        try {
            for (Client c : clients) {
                for (int pages = 0, n = c.bucketLimit(); pages < n; pages++) {
                    BoBucket bucket = c.bucketAt(pages);
                    while (bucket != null && !bucket.isEmpty()) {
                        closeObject(bucket.pollFirst());
                    }
                }
                for (GemObject s : c.surfaces) {
                    closeObject(s);
                }
                c.surfaces.clear();
                for (GemContext ctx : c.contexts) {
                    device.destroyContext(ctx);
                    contextsDestroyed++;
                }
                c.contexts.clear();
            }
            device.waitForIdle();
        } finally {
            device.structMutex().unlock();
        }
    }

    @Override
    public String toString() {
        return "i915 workload[seed " + seed + ", " + ops + "/" + p.operations() + " steps, " + device + "]";
    }
}
