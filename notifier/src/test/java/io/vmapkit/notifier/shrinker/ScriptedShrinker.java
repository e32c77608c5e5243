package io.vmapkit.notifier.shrinker;

import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A shrinker whose count, seeks, batch and scan behaviour a test sets; records every scan's nr_to_scan. */
class ScriptedShrinker implements Shrinker {

    /** What one scan does: the default frees and scans exactly {@code nr_to_scan}. */
    @FunctionalInterface
    interface Scan {
        long scan(int call, ShrinkControl sc);
    }

    final String name;
    volatile long count;
    volatile int seeks = DEFAULT_SEEKS;
    volatile long batch;
    volatile Scan scan = (call, sc) -> sc.nrToScan();
    final List<Long> scans = new CopyOnWriteArrayList<>();
    volatile int counts;

    ScriptedShrinker(String name, long count) {
        this.name = name;
        this.count = count;
    }

    ScriptedShrinker seeks(int s) {
        seeks = s;
        return this;
    }

    ScriptedShrinker batch(long b) {
        batch = b;
        return this;
    }

    ScriptedShrinker scan(Scan s) {
        scan = s;
        return this;
    }

    @Override
    public long countObjects(ShrinkControl sc) {
        counts++;
        return count;
    }

    @Override
    public long scanObjects(ShrinkControl sc) {
        scans.add(sc.nrToScan());
        return scan.scan(scans.size(), sc);
    }

    @Override
    public int seeks() {
        return seeks;
    }

    @Override
    public long batch() {
        return batch;
    }

    @Override
    public String name() {
        return name;
    }

    long scanned() {
        return scans.stream().mapToLong(Long::longValue).sum();
    }
}
