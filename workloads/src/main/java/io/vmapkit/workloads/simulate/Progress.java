package io.vmapkit.workloads.simulate;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on the terminal's standard error (ASCII style), or nothing: none is shown when
 * asked not to ({@code --no-progress}) or when there is no console ({@code System.console() == null},
 * e.g. output piped or under a test), so redirected output never holds progress lines.
 */
final class Progress implements AutoCloseable {

    private static final int STEP = 256;

    private final ProgressBar bar;
    private long pending;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code max} steps named {@code task}, if {@code wanted} and a console is attached. */
    static Progress start(String task, long max, boolean wanted) {
        if (!wanted || System.console() == null) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(200)
                .build();
        return new Progress(bar);
    }

    /** One step done (cheap: the bar is advanced in batches). */
    void step() {
        if (bar != null && ++pending == STEP) {
            bar.stepBy(pending);
            pending = 0;
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.stepBy(pending);
            bar.close();
        }
    }
}
