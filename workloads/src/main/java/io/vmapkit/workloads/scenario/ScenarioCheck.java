package io.vmapkit.workloads.scenario;

import io.vmapkit.api.spi.PluginSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed {@link Scenario} (and any policies added to it) against what discovery found,
 * before anything runs: every plugin it names must be discovered, every load's workload offered by
 * its plugin, and every plugin setting in a policy or the scenario must belong to a plugin the run
 * installs. Each failure is a {@link ScenarioException} naming where the bad name was written and
 * the nearest valid name. Whether a plugin knows a setting's key is its own business: the runner
 * installs every policy's system once before the first run ({@code PolicyRun.check}) and reports a
 * refused key with where it was written.
 *
 * <p>Stateless and thread-safe.
 */
public final class ScenarioCheck {

    private ScenarioCheck() {}

    /**
     * Checks {@code scenario} run with {@code policies}.
     *
     * @param discovered each usable discovered plugin's name and the workloads it offers
     * @param extras plugins the run installs besides the scenario's own ({@code --with},
     *     {@code --plugin-path})
     * @throws ScenarioException for the first problem, in file order
     */
    public static void check(Scenario scenario, List<Policy> policies, Map<String, List<String>> discovered,
            Collection<String> extras) {
        List<String> known = new ArrayList<>(discovered.keySet());
        for (Map.Entry<String, List<Entry>> p : scenario.plugins().entrySet()) {
            String where = scenario.lines().getOrDefault("plugins." + p.getKey(),
                    scenario.lines().getOrDefault("plugins", scenario.origin()));
            requirePlugin(p.getKey(), where, "plugins", known);
        }
        for (Load l : scenario.loads()) {
            requirePlugin(l.plugin(), l.where(), "a load", known);
            List<String> offered = discovered.get(l.plugin());
            if (!offered.contains(l.workload())) {
                throw ScenarioException.at(l.where(), "plugin '" + l.plugin() + "' offers no workload '" + l.workload() + "'"
                        + hint(l.workload(), offered) + " (it offers: " + (offered.isEmpty() ? "none" : String.join(", ", offered))
                        + ")");
            }
        }
        if (scenario.layout() != null) {
            Layout layout = scenario.layout();
            if (!discovered.containsKey(Layout.PLUGIN) || !discovered.get(Layout.PLUGIN).contains(Layout.WORKLOAD)) {
                throw ScenarioException.at(layout.where(), "the layout needs the '" + Layout.PLUGIN + "' plugin's '"
                        + Layout.WORKLOAD + "' workload, and no usable plugin '" + Layout.PLUGIN + "' offering it was "
                        + "discovered (found: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
        Set<String> installed = new java.util.LinkedHashSet<>(scenario.pluginsToInstall());
        installed.addAll(extras);
        for (Entry e : scenario.config()) {
            requireInstalled(e, installed, "the scenario's config");
        }
        for (List<Entry> es : scenario.plugins().values()) {
            es.forEach(e -> requireInstalled(e, installed, "the scenario's plugins"));
        }
        for (Policy p : policies) {
            for (Entry e : p.entries()) {
                requireInstalled(e, installed, "policy '" + p.name() + "'");
            }
        }
    }

    private static void requirePlugin(String name, String where, String what, List<String> known) {
        if (!known.contains(name)) {
            throw ScenarioException.at(where, "unknown plugin '" + name + "' in " + what + hint(name, known)
                    + " (discovered: " + (known.isEmpty() ? "none" : String.join(", ", known))
                    + "; add plugin jars with --plugin-path DIR)");
        }
    }

    /** A plugin setting must be for a plugin the run installs: anything else would be silently ignored. */
    private static void requireInstalled(Entry e, Set<String> installed, String what) {
        if (!e.key().startsWith(PluginSettings.KEY_PREFIX)) {
            return;
        }
        String rest = e.key().substring(PluginSettings.KEY_PREFIX.length());
        int dot = rest.indexOf('.');
        String plugin = dot < 0 ? rest : rest.substring(0, dot);
        if (!installed.contains(plugin)) {
            throw ScenarioException.at(e.where(), "'" + e.key() + "' in " + what + " is a setting of plugin '" + plugin
                    + "', which this run does not install" + hint(plugin, installed) + " (installed: "
                    + String.join(", ", installed) + "); a setting for it would be ignored");
        }
    }

    private static String hint(String name, Collection<String> candidates) {
        return PluginSettings.closest(name, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
    }
}
