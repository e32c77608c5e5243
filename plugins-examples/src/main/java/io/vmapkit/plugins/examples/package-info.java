/**
 * Example plugins, each in its own sub-package, each depending on the api only and registered with
 * {@code @AutoService(VmapPlugin.class)}, written to be copied by plugin authors (see
 * {@code docs/writing-a-plugin.md}):
 *
 * <ul>
 *   <li>{@link io.vmapkit.plugins.examples.msm} — {@code msm}: a buffer-object cache whose purge
 *       notifier block unmaps at most 15 cached vmaps per call, least recently used first, relying on
 *       the allocator's repeated rounds; plus a shrinker.</li>
 *   <li>{@link io.vmapkit.plugins.examples.lru} — {@code lru-mapping-cache}: a bounded LRU cache of
 *       mappings for host use, with a shrinker and a purge block that frees just enough for the
 *       failing request.</li>
 *   <li>{@link io.vmapkit.plugins.examples.audit} — {@code pressure-audit}: a last-in-line observer
 *       of the purge and OOM chains recording who freed what; frees nothing.</li>
 *   <li>{@link io.vmapkit.plugins.examples.balloon} — {@code balloon}: reserves a share of the
 *       address space and gives it back in steps under pressure, re-inflating when it passes.</li>
 * </ul>
 *
 * <p>Each plugin reads its {@code vmapkit.plugin.<name>.<key>} settings with the api's
 * {@link io.vmapkit.api.spi.PluginSettings}, which refuses unknown keys and bad values by name.
 * Their settings, in short (each plugin's Javadoc has the details):
 *
 * <table>
 *   <caption>Settings of the example plugins</caption>
 *   <tr><th>plugin</th><th>key</th><th>default</th></tr>
 *   <tr><td>{@code msm}</td><td>{@code max-unmaps-per-call}</td><td>15</td></tr>
 *   <tr><td>{@code msm}</td><td>{@code log-interval-ms}, {@code log-burst}</td><td>5000, 10</td></tr>
 *   <tr><td>{@code lru-mapping-cache}</td><td>{@code capacity}</td><td>256</td></tr>
 *   <tr><td>{@code lru-mapping-cache}</td><td>{@code seeks}, {@code priority}</td><td>2, 0</td></tr>
 *   <tr><td>{@code pressure-audit}</td><td>{@code priority}</td><td>-2147483648</td></tr>
 *   <tr><td>{@code balloon}</td><td>{@code share}, {@code chunk-pages}</td><td>0.25, 16</td></tr>
 *   <tr><td>{@code balloon}</td><td>{@code deflate-chunks}, {@code reinflate-after-ms}, {@code reinflate-chunks}</td><td>4, 1000, 4</td></tr>
 *   <tr><td>{@code balloon}</td><td>{@code headroom-chunks}, {@code priority}</td><td>2, 0</td></tr>
 * </table>
 *
 * <p><b>Common rules</b>, stated again in each plugin's Javadoc: the plugin class is a stateless
 * factory, and {@code install} returns an installation (an {@link io.vmapkit.api.spi.InstalledPlugin})
 * that owns everything the plugin keeps for that system, so no plugin has "installed" flags or
 * guards; settings are read and checked in {@code install} before anything is registered; every registration and allocation goes through the
 * plugin's context; a plugin's own lock is never held while calling into vmapkit, so callbacks may
 * wait for it; purge-notifier callbacks run under the purge chain's read lock and must not register or
 * unregister on that chain nor allocate vmap space; shrinker counts never wait for a lock.
 */
package io.vmapkit.plugins.examples;
