/**
 * JMH benchmarks of the allocators, notifier dispatch and end-to-end simulation.
 */
package io.vmapkit.bench;
