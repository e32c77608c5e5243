/**
 * Jazzer fuzz tests ({@code @FuzzTest}). {@code mvn verify} runs them in regression mode: each
 * input of the seed corpus in {@code src/test/resources/io/vmapkit/reliability/fuzz/<Class>Inputs/<method>/}
 * (plus the empty input) is one test. {@code JAZZER_FUZZ=1} fuzzes one of them for its
 * {@code maxDuration} (commands in {@code docs/reliability.md}); a finding is written next to the
 * corpus and then replays in every build.
 */
package io.vmapkit.reliability.fuzz;
