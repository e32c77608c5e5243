package io.vmapkit.runtime.fakes;

import io.vmapkit.api.Errno;
import io.vmapkit.api.Registration;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.RegistrationException;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.NotifierConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only shrinker registry: each pass asks every shrinker for {@code count >> priority}
 * objects (at least one when it has any), scanned in batches. Not the kernel's arithmetic (that is in
 * vmapkit-notifier); enough to drive reclaim in tests.
 */
final class SimpleShrinkers implements ShrinkerRegistry {

    private final VmapListener listener;
    private final List<Shrinker> shrinkers = new CopyOnWriteArrayList<>();

    SimpleShrinkers(NotifierConfig config) {
        this.listener = config.listener();
    }

    @Override
    public Registration register(Shrinker shrinker) {
        if (shrinker.seeks() < 0) {
            throw new IllegalArgumentException("seeks " + shrinker.seeks() + " is negative");
        }
        synchronized (shrinkers) {
            if (shrinkers.stream().anyMatch(s -> s == shrinker)) {
                throw new RegistrationException(Errno.EEXIST, shrinker.name() + " is already registered");
            }
            shrinkers.add(shrinker);
        }
        return () -> {
            if (shrinkers.stream().anyMatch(s -> s == shrinker)) {
                unregister(shrinker);
            }
        };
    }

    @Override
    public void unregister(Shrinker shrinker) {
        synchronized (shrinkers) {
            if (!shrinkers.removeIf(s -> s == shrinker)) {
                throw new RegistrationException(Errno.ENOENT, shrinker.name() + " is not registered");
            }
        }
    }

    @Override
    public long shrinkSlab(int priority) {
        if (priority < 0 || priority > DEF_PRIORITY) {
            throw new IllegalArgumentException("priority " + priority + " is outside 0.." + DEF_PRIORITY);
        }
        long total = 0;
        for (Shrinker s : shrinkers) {
            ShrinkControl sc = new ShrinkControl(0, priority, true);
            long count;
            try {
                count = s.countObjects(sc);
            } catch (RuntimeException e) {
                listener.shrinkerMisbehaved(s.name(), "count_objects threw", e);
                continue;
            }
            if (count <= 0) {
                continue;
            }
            long toScan = Math.max(1, count >> priority);
            long batch = s.batch() > 0 ? s.batch() : Shrinker.SHRINK_BATCH;
            listener.shrinkSlabStart(s.name(), 0, 0, count, toScan, toScan, priority);
            long freed = 0;
            long left = toScan;
            while (left > 0) {
                sc.setNrToScan(Math.min(batch, left));
                long r;
                try {
                    r = s.scanObjects(sc);
                } catch (RuntimeException e) {
                    listener.shrinkerMisbehaved(s.name(), "scan_objects threw", e);
                    break;
                }
                if (r == Shrinker.SHRINK_STOP) {
                    break;
                }
                if (r < 0) {
                    listener.shrinkerMisbehaved(s.name(), "scan_objects returned " + r, null);
                    break;
                }
                freed += r;
                left -= Math.max(1, sc.nrScanned());
            }
            listener.shrinkSlabEnd(s.name(), 0, 0, 0, toScan, freed);
            total += freed;
        }
        return total;
    }

    @Override
    public long reclaim(long targetObjects) {
        if (targetObjects <= 0) {
            throw new IllegalArgumentException("target " + targetObjects + " is not positive");
        }
        long freed = 0;
        for (int p = DEF_PRIORITY; p >= 0 && freed < targetObjects; p--) {
            freed += shrinkSlab(p);
        }
        return freed;
    }

    @Override
    public List<Shrinker> shrinkers() {
        return new ArrayList<>(shrinkers);
    }

    @Override
    public long deferred(Shrinker shrinker) {
        return 0;
    }
}
