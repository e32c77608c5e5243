/**
 * The archetype's integration test: after {@code archetype:integration-test} has generated a project
 * from the archetype and built and tested it, {@link io.vmapkit.archetype.GeneratedPluginIT} runs the
 * generated plugin jar through {@code vmapkit simulate} and checks that the plugin freed something.
 * Test-only; nothing here is published.
 */
package io.vmapkit.archetype;
