package io.vmapkit.cli;

import io.vmapkit.api.VmapException;
import io.vmapkit.cli.common.CommandFailure;
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
 * print {@code vmapkit <command>: <message>}; the stack trace only with {@code --verbose}. Nothing
 * here touches process-wide state, so tests run commands in-process.
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
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
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
        return cl;
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
