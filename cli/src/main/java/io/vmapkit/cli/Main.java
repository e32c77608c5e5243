package io.vmapkit.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The entry point of {@code vmapkit.jar}: runs the command line and exits with its code.
 *
 * <p>Only this class touches process-wide state: it makes AWT headless (the report draws charts
 * off-screen) and routes vmapkit's {@link System.Logger} output (through {@code java.util.logging},
 * the JDK's default backend) to standard error as one-line messages, at WARNING and above, or at
 * every level with {@code --verbose}. In-process callers and tests use {@link Cli} instead.
 */
public final class Main {

    private Main() {}

    /**
     * Runs {@code vmapkit} with {@code args} and exits with the command's exit code.
     *
     * @param args the command line, e.g. {@code simulate --ops 5000}
     */
    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        configureLogging(Cli.mentionsVerbose(args));
        Charset cs = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
        int code = Cli.run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    private static void configureLogging(boolean verbose) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Level level = verbose ? Level.FINE : Level.WARNING;
        root.setLevel(level);
        ConsoleHandler handler = new ConsoleHandler(); // writes to System.err
        handler.setLevel(level);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String msg = formatMessage(r);
                StringBuilder sb = new StringBuilder("vmapkit: ").append(r.getLevel().getName().toLowerCase(java.util.Locale.ROOT))
                        .append(": ").append(msg).append(System.lineSeparator());
                if (verbose && r.getThrown() != null) {
                    java.io.StringWriter sw = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(sw));
                    sb.append(sw);
                }
                return sb.toString();
            }
        });
        root.addHandler(handler);
    }
}
