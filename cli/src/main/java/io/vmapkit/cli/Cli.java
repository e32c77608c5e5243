package io.vmapkit.cli;

import io.vmapkit.api.VmapException;
import io.vmapkit.cli.common.CommandFailure;
import io.vmapkit.notifier.watchdog.CallbackTimeoutException;
import io.vmapkit.notifier.watchdog.CallbackWatchdog;
import io.vmapkit.runtime.discovery.DiscoveryException;
import io.vmapkit.trace.TraceException;
import io.vmapkit.workloads.simulate.RunFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds and runs the {@code vmapkit} command tree with vmapkit's exit codes: 0 success, 2 usage
 * error, 1 failure.
 *
 * <p>Usage errors (picocli's {@link ParameterException}, thrown while parsing or by a command that
 * rejects a value) print the message, spelling suggestions and a pointer to {@code --help}. Failures
 * print {@code vmapkit <command>: <message>}; the stack trace only with {@code --verbose}. The command
 * runs on its own daemon thread, watched for the whole run: a plugin callback that overruns
 * {@code vmapkit.notifier.callback-timeout} ends the run with exit 1, its name and its thread's
 * stack, instead of hanging the command. Nothing here touches process-wide state but a watchdog
 * sink registered for the run, so tests run commands in-process.
 */
public final class Cli {

    private Cli() {}

    /**
     * Runs the command line and returns its exit code.
     *
     * @param out standard output of the commands
     * @param err standard error: messages and progress
     * @param args the arguments, e.g. {@code "plugins"}
     */
    @SuppressWarnings("try") // the sink registration is held for the run, not read
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(out, err);
        ThreadGroup group = new ThreadGroup("vmapkit-command");
        CompletableFuture<Integer> done = new CompletableFuture<>();
        AtomicReference<CallbackTimeoutException> hung = new AtomicReference<>();
        Thread worker = new Thread(group, () -> {
            try {
                done.complete(cl.execute(args));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "vmapkit-command");
        worker.setDaemon(true); // a plugin callback that never returns must not keep the JVM alive
        try (AutoCloseable watching = CallbackWatchdog.onTimeout(e -> {
            if (within(e.thread(), group) && hung.compareAndSet(null, e)) {
                done.complete(HUNG);
            }
        })) {
            worker.start();
            int code = join(done);
            if (code == HUNG) {
                return hung(cl, hung.get());
            }
            return code;
        } catch (Exception closing) {
            throw new IllegalStateException(closing); // closing the sink registration does not throw
        }
    }

    /** Stands for "a callback hung" in the worker's future; never an exit code picocli returns. */
    private static final int HUNG = Integer.MIN_VALUE;

    private static int join(CompletableFuture<Integer> done) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error er) {
                        throw er;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean within(Thread t, ThreadGroup group) {
        for (ThreadGroup g = t == null ? null : t.getThreadGroup(); g != null; g = g.getParent()) {
            if (g == group) {
                return true;
            }
        }
        return false;
    }

    /**
     * A plugin callback overran {@code vmapkit.notifier.callback-timeout}: the command stops with
     * exit 1, naming the callback and showing the hung thread's stack (without {@code --verbose}:
     * it is the only clue to where the plugin is stuck). The hung thread is left behind (a daemon).
     */
    private static int hung(CommandLine cl, CallbackTimeoutException e) {
        CommandLine cmd = cl;
        ParseResult parsed = cl.getParseResult();
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            cmd = p.commandSpec().commandLine();
        }
        PrintWriter err = cmd.getErr();
        err.println(name(cmd) + ": " + e.getMessage());
        for (StackTraceElement f : e.getStackTrace()) {
            err.println("\tat " + f);
        }
        err.println(name(cmd) + ": stopped: a plugin callback hung (set " + CallbackTimeoutException.KEY
                + " with -D to wait longer, or 'none' to wait forever as the kernel does)");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    /** The configured command tree, writing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        CommandLine cl = new CommandLine(new VmapkitCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Cli::usageError);
        cl.setExecutionExceptionHandler(Cli::failure);
        cl.setHelpFactory(Cli::help);
        return cl;
    }

    /**
     * picocli's help, but an option spelt like Java's {@code -D} shows as {@code -D KEY=VALUE} in
     * the synopsis and the option list (picocli's own rendering, {@code -D=KEY=VALUE}, is not how
     * it is typed).
     */
    private static CommandLine.Help help(CommandLine.Model.CommandSpec spec, CommandLine.Help.ColorScheme colors) {
        return new CommandLine.Help(spec, colors) {
            @Override
            public CommandLine.Help.IParamLabelRenderer parameterLabelRenderer() {
                CommandLine.Help.IParamLabelRenderer standard = super.parameterLabelRenderer();
                return new CommandLine.Help.IParamLabelRenderer() {
                    @Override
                    public CommandLine.Help.Ansi.Text renderParameterLabel(CommandLine.Model.ArgSpec arg,
                            CommandLine.Help.Ansi ansi, java.util.List<CommandLine.Help.Ansi.IStyle> styles) {
                        if (arg instanceof CommandLine.Model.OptionSpec o && o.shortestName().equals("-D")) {
                            return colorScheme().optionParamText(" " + arg.paramLabel());
                        }
                        return standard.renderParameterLabel(arg, ansi, styles);
                    }

                    @Override
                    public String separator() {
                        return standard.separator();
                    }
                };
            }
        };
    }

    /** Whether {@code args} ask for {@code --verbose} (before a {@code --} end-of-options marker). */
    static boolean mentionsVerbose(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(name(cmd) + ": " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + name(cmd) + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = verbose(parsed);
        err.println(name(cmd) + ": " + describe(ex));
        if (verbose) {
            StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            err.print(sw);
        } else if (!expected(ex)) {
            err.println("(run with --verbose for the stack trace)");
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Failures whose message says all there is to say; anything else is shown with its type. */
    private static boolean expected(Throwable t) {
        return t instanceof CommandFailure || t instanceof TraceException || t instanceof RunFailure || t instanceof VmapException || t instanceof DiscoveryException
                || t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof IOException || t instanceof UncheckedIOException;
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        if (!expected(t) || msg == null || msg.isBlank()) {
            return t.toString();
        }
        if (t instanceof UncheckedIOException && t.getCause() != null) {
            return describe(t.getCause());
        }
        if (t instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (t instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (t instanceof FileSystemException f && f.getReason() == null) {
            return "cannot use " + f.getFile() + ": " + t.getClass().getSimpleName();
        }
        return msg;
    }

    private static String name(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }
}
