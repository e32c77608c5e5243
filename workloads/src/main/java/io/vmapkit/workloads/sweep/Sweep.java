package io.vmapkit.workloads.sweep;

import io.vmapkit.workloads.figures.RunFigures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the cells of a plan on a pool of threads and appends each cell's {@link ResultLine} to the
 * results file as it finishes.
 *
 * <p>Before anything runs, {@link CellRunner#check} is asked once per distinct coordinates, so a bad
 * axis value fails the sweep with nothing run. Then the cells this shard owns that are not done yet
 * run, {@code jobs} at a time; a cell that fails stops the sweep (cells already running finish and
 * are written; no new cell starts) with a {@link SweepException} naming the cell. The lines of the
 * cells that finished stay in the file, so {@code --resume} continues from there.
 *
 * <p>The pool's threads are the engine's own; {@link #run} returns when they are done.
 */
public final class Sweep {

    /** Told as cells finish (from the pool's threads; calls are serialized). */
    public interface Listener {
        /** {@code cell} finished and its line is in the file. */
        void finished(Cell cell, RunFigures figures);
    }

    /**
     * What a sweep did.
     *
     * @param owned the cells this shard owns
     * @param skipped those already in the results file (resumed)
     * @param ran those run now
     * @param wallNanos wall time of the run (after the checks)
     */
    public record Outcome(int owned, int skipped, int ran, long wallNanos) {}

    private Sweep() {}

    /**
     * Runs {@code header.plan()}'s cells owned by {@code shard} and not in {@code done}.
     *
     * @param done the indexes of the cells whose lines are already in {@code out}
     * @param jobs how many cells run at once, at least 1
     * @throws SweepException if a check or a cell fails, naming the cell
     * @throws UncheckedIOException if a line cannot be written
     */
    public static Outcome run(SweepHeader header, Shard shard, Set<Integer> done, CellRunner runner, ResultsFile out,
            int jobs, Listener listener) {
        Objects.requireNonNull(runner, "runner");
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
        }
        List<Cell> owned = header.plan().cells().stream().filter(shard::owns).toList();
        List<Cell> todo = owned.stream().filter(c -> !done.contains(c.index())).toList();
        check(owned, runner);
        long t0 = System.nanoTime();
        if (todo.isEmpty()) {
            return new Outcome(owned.size(), owned.size(), 0, 0);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, todo.size()), threads());
        try {
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorCompletionService<Finished> cs = new ExecutorCompletionService<>(pool);
            List<Future<Finished>> futures = new ArrayList<>();
            for (Cell c : todo) {
                futures.add(cs.submit(() -> stop.get() ? null : new Finished(c, runCell(runner, c, stop))));
            }
            for (int i = 0; i < todo.size(); i++) {
                Finished f;
                try {
                    f = cs.take().get();
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(false)); // running cells finish; none starts
                    pool.shutdown();
                    drain(cs, todo.size() - i - 1, header, out, listener);
                    Throwable cause = e.getCause();
                    throw cause instanceof SweepException s ? s : new SweepException(String.valueOf(cause), cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SweepException("interrupted", e);
                }
                if (f != null) { // null: skipped after another cell failed (that failure comes next)
                    write(header, out, f, listener);
                }
            }
            return new Outcome(owned.size(), owned.size() - todo.size(), todo.size(), System.nanoTime() - t0);
        } finally {
            pool.shutdownNow();
        }
    }

    private record Finished(Cell cell, RunFigures figures) {}

    private static RunFigures runCell(CellRunner runner, Cell c, AtomicBoolean stop) {
        try {
            return Objects.requireNonNull(runner.run(c), "the cell runner returned no figures");
        } catch (RuntimeException e) {
            stop.set(true); // no queued cell starts after this

            throw new SweepException("cell " + c.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the cells that still finish after a failure (their work is not thrown away): takes the
     * {@code remaining} results not taken yet — cancelled ones come back cancelled and are skipped.
     */
    private static void drain(ExecutorCompletionService<Finished> cs, int remaining, SweepHeader header,
            ResultsFile out, Listener listener) {
        for (int k = 0; k < remaining; k++) {
            try {
                Future<Finished> f = cs.take();
                if (!f.isCancelled() && f.get() != null) {
                    write(header, out, f.get(), listener);
                }
            } catch (ExecutionException | CancellationException ignored) {
                // the first failure is the one reported
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void write(SweepHeader header, ResultsFile out, Finished f, Listener listener) {
        try {
            out.append(ResultLine.of(header, f.cell(), f.figures()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + out.path() + ": " + e.getMessage(), e);
        }
        listener.finished(f.cell(), f.figures());
    }

    /** Asks the runner about the first cell of every distinct coordinates. */
    private static void check(List<Cell> cells, CellRunner runner) {
        Set<Map<String, String>> seen = new java.util.HashSet<>();
        for (Cell c : cells) {
            if (seen.add(c.coordinates())) {
                try {
                    runner.check(c);
                } catch (RuntimeException e) {
                    throw new SweepException("cell " + c.describe() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "vmapkit-sweep-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
