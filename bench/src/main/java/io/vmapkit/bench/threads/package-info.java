/**
 * Family 8: fix_size from one thread and from two threads sharing one allocator, in aggregate
 * pairs per second, to show what the locking costs. See
 * {@link io.vmapkit.bench.threads.ThreadsBenchmark}.
 */
package io.vmapkit.bench.threads;
