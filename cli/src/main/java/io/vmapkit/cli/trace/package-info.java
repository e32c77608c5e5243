/**
 * {@code vmapkit replay FILE}: the command that plays a trace back with the trace module's
 * {@link io.vmapkit.trace.Replayer} and prints the run's figures. The format, the recorder, the
 * parser and the replayer are the {@code trace} library module's (package {@code io.vmapkit.trace}).
 */
package io.vmapkit.cli.trace;
