/**
 * Family 5: dispatch cost of a blocking notifier chain against Guava's EventBus and against the
 * floor, a hand-written loop over a {@code CopyOnWriteArrayList} of listeners, with the same number
 * of receivers; the only place in vmapkit where Guava is used. See
 * {@link io.vmapkit.bench.notifier.NotifierDispatchBenchmark}.
 */
package io.vmapkit.bench.notifier;
