/**
 * vmapkit's reliability suite (test-only): the whole system under a differential oracle, many
 * threads, injected faults, bad input and fuzzing. One sub-package per concern:
 * <ul>
 *   <li>{@code oracle} — an independent linear first-fit model and the differential runs that hold
 *       {@code free-tree} and {@code busy-list} to it, operation by operation;</li>
 *   <li>{@code stress} — the test_vmalloc workloads on many threads with plugins that free under
 *       pressure, and targeted races (lazy counter vs. purge threshold, freed accounting);</li>
 *   <li>{@code faults} — failslab-style injection through the testkit's
 *       {@code SeededFaultInjector} and misbehaving notifier blocks and shrinkers;</li>
 *   <li>{@code badinput} — the table of bad inputs across api, runtime and cli, each with its
 *       exception and unchanged state;</li>
 *   <li>{@code fuzz} — Jazzer fuzz tests for the trace parser and the allocator, run in regression
 *       mode on their seed corpus by {@code mvn verify};</li>
 *   <li>{@code support} — seeds, operation logs, invariant checks, watchdogs.</li>
 * </ul>
 * Sizes of the long runs and the commands are in {@code docs/reliability.md}.
 */
package io.vmapkit.reliability;
