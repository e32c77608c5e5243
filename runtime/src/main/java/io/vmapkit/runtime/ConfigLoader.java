package io.vmapkit.runtime;

import io.vmapkit.api.settings.Settings;
import io.vmapkit.runtime.SpaceKeys.Given;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where configuration text comes from: a properties file (each entry remembering its line), a
 * {@link Properties} object (system properties, {@code -D} options, overrides), each entry
 * remembering its source. Only {@code vmapkit.*} keys are kept; values are stripped. Stateless.
 */
final class ConfigLoader {

    private ConfigLoader() {}

    /** The {@code vmapkit.*} entries of {@code properties}, sorted by key, each from {@code source}. */
    static Map<String, Given> entries(Properties properties, String source) {
        Map<String, Given> given = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("vmapkit.")) {
                given.put(key, new Given(properties.getProperty(key).strip(), source));
            }
        }
        return given;
    }

    /**
     * The {@code vmapkit.*} entries of a properties file read as UTF-8 text with the syntax of
     * {@link Properties#load(java.io.Reader)}, each with the source {@code file F line N} (the line
     * its logical line starts on); a later entry for a key replaces an earlier one.
     *
     * @throws IOException if the file cannot be read
     */
    static Map<String, Given> file(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Given> given = new TreeMap<>();
        int i = 0;
        while (i < lines.size()) {
            int first = i;
            StringBuilder logical = new StringBuilder(lines.get(i));
            boolean comment = isComment(lines.get(i));
            while (!comment && continues(lines.get(i)) && i + 1 < lines.size()) {
                i++;
                logical.append('\n').append(lines.get(i));
            }
            i++;
            if (comment) {
                continue;
            }
            Properties one = new Properties();
            one.load(new StringReader(logical.toString()));
            entries(one, Settings.file(file, first + 1)).forEach(given::put);
        }
        return given;
    }

    private static boolean isComment(String line) {
        String t = line.stripLeading();
        return t.isEmpty() || t.startsWith("#") || t.startsWith("!");
    }

    /** Whether a line ends in an odd number of backslashes: the logical line goes on. */
    private static boolean continues(String line) {
        int n = 0;
        for (int j = line.length() - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
            n++;
        }
        return n % 2 == 1;
    }
}
