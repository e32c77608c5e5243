package io.vmapkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

/**
 * Runs {@code vmapkit} in-process through picocli with captured standard output and error.
 *
 * @param code the exit code
 * @param out what the command printed on standard output
 * @param err what it printed on standard error
 */
public record CliRun(int code, String out, String err) {

    /** Runs the command line {@code args}. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** For assertion messages: the command and both streams. */
    public String describe(String... args) {
        return "vmapkit " + String.join(" ", Arrays.asList(args)) + " -> exit " + code + "\n--- stdout\n" + out
                + "--- stderr\n" + err;
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
