/**
 * Traces: recording a run's allocator operations ({@code simulate --trace-out}) and playing them
 * back ({@code vmapkit replay}), bit for bit.
 *
 * <p>The format is documented in {@code docs/trace-format.md} and versioned
 * ({@link io.vmapkit.trace.TraceFormat#VERSION}): a header with the address space and allocator
 * parameters, then one operation per line, with the frees a purge-notifier callback makes
 * <em>inside</em> an allocation's overflow path bracketed by {@code round N begin} /
 * {@code round N end freed=F} lines after that allocation.
 *
 * <p><b>Recording</b> wraps the real allocator provider
 * ({@link io.vmapkit.trace.TraceRecorder#wrap}); the runtime is unchanged. The recorder expects
 * one thread to drive the allocator (as {@code simulate} does); with several, the trace is
 * well-formed but records one interleaving, which replay reproduces only if the allocator's
 * decisions do not depend on timing. <b>Replay</b> ({@link io.vmapkit.trace.Replayer}) builds a
 * fresh system of the recorded configuration, installs its own purge-chain block that performs a
 * round's recorded operations and adds its recorded {@code freed}, and checks every address and
 * failure; the first difference is an error naming the trace line.
 */
package io.vmapkit.trace;
