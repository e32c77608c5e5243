/**
 * {@code vmapkit bench}: benchmark commands. {@code bench test-vmalloc} runs the port of the
 * kernel's test_vmalloc suite ({@link io.vmapkit.workloads.testvmalloc}) and prints the kernel's
 * {@code Summary:} lines; {@code --compare} runs it on two allocators in one process and prints
 * the ratio per test. The JMH benchmarks live in the separate {@code bench} module.
 */
package io.vmapkit.cli.bench;
