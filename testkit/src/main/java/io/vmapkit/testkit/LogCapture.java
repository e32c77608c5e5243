package io.vmapkit.testkit;

/**
 * Captures what a class logs through {@link System.Logger}, so a test can check a plugin's kernel-log
 * messages ("Purging 15 vmaps", "Unable to lock GPU to purge memory.", rate-limit notices).
 *
 * <p>vmapkit and its plugins log through {@code System.Logger}, whose default backend is
 * {@code java.util.logging}; this captures the {@code java.util.logging} logger of the same name at
 * every level and stops it from reaching the console while attached. Close it (try-with-resources)
 * to restore the logger's level and parent handlers. If the application installs another
 * {@code System.LoggerFinder}, nothing reaches this capture.
 *
 * <p>Thread-safe: messages may be logged from any thread while the test reads them.
 *
 * <p>The methods ({@code records()}, {@code atLeast(Level)}, {@code messages()}, {@code close()})
 * are those of {@link io.vmapkit.testsupport.LogCapture}, the one implementation vmapkit's own
 * module tests use too; this class gives plugin authors it under the testkit's name.
 */
public final class LogCapture extends io.vmapkit.testsupport.LogCapture {

    /**
     * Starts capturing the logger named after {@code type} (its fully qualified name).
     *
     * @param type the class whose logger to capture
     */
    public LogCapture(Class<?> type) {
        super(type);
    }

    /**
     * Starts capturing the logger {@code name}, at every level.
     *
     * @param name the logger's name
     */
    public LogCapture(String name) {
        super(name);
    }
}
