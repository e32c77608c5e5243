package io.vmapkit.cli.simulate;

import io.vmapkit.workloads.scenario.Entry;
import io.vmapkit.workloads.scenario.Policy;
import io.vmapkit.workloads.scenario.ScenarioParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --policy NAME:KEY=VALUE[,KEY=VALUE...]}: a policy defined on the command line. Each key is
 * a full configuration key ({@code vmapkit.plugin.<plugin>.<key>} or any other {@code vmapkit.*}
 * key); a value may not contain a comma. A policy of a name the scenario defines replaces the
 * scenario's. Stateless.
 */
final class PolicyOption {

    /** Where a command-line policy's settings were written, for messages and the report. */
    static final String WHERE = "--policy";

    private PolicyOption() {}

    /**
     * Parses one {@code --policy} value.
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    static Policy parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw bad(text, "it must start with a policy name and ':' (NAME:KEY=VALUE[,KEY=VALUE...])");
        }
        String name = text.substring(0, colon).strip();
        if (!ScenarioParser.POLICY_NAME.matcher(name).matches()) {
            throw bad(text, "the policy name '" + name + "' may not contain white space, ',' or '='");
        }
        String rest = text.substring(colon + 1);
        List<Entry> entries = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        if (!rest.isBlank()) {
            for (String part : rest.split(",", -1)) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw bad(text, "'" + part + "' is not KEY=VALUE");
                }
                String key = part.substring(0, eq).strip();
                String value = part.substring(eq + 1).strip();
                if (!key.startsWith("vmapkit.")) {
                    throw bad(text, "'" + key + "' is not a vmapkit.* configuration key (a plugin's setting is written "
                            + "vmapkit.plugin.<plugin>.<key>)");
                }
                if (!keys.add(key)) {
                    throw bad(text, "it sets '" + key + "' twice");
                }
                entries.add(new Entry(key, value, WHERE + " " + name));
            }
        }
        return new Policy(name, "defined on the command line", entries, WHERE + " " + name);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("--policy '" + text + "': " + why);
    }
}
