/**
 * The {@code vmapkit} command line: {@code simulate}, {@code bench test-vmalloc}, {@code replay} and
 * {@code plugins}.
 *
 * <p>{@link io.vmapkit.cli.Main} is the entry point of the runnable jar; {@link io.vmapkit.cli.Cli}
 * wires the picocli command tree with vmapkit's exit codes and error reporting, so tests can run any
 * command in-process with captured output. Each command family lives in its own package:
 * {@code simulate} (with {@code figures}, {@code report} and {@code trace}), {@code bench} (on
 * {@code testvmalloc}), {@code plugins}; {@code common} holds what they share.
 *
 * <p><b>Exit codes.</b> 0 success; 2 a usage error (unknown option, bad value, unknown scenario,
 * policy, allocator or test); 1 a failure while running (a plugin that is missing or failed to
 * install, an unreadable or malformed trace, a replay mismatch, a failed check). Messages go to
 * standard error, one line each, without stack traces unless {@code --verbose} is given.
 */
package io.vmapkit.cli;
