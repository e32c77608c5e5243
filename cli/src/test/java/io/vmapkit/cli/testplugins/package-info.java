/**
 * Test-only plugins and providers, registered through {@code src/test/resources/META-INF/services}:
 * {@link io.vmapkit.cli.testplugins.ChurnPlugin}, a small mapping-cache driver with a seeded
 * workload that the generic simulate machinery drives as it drives i915, and
 * {@link io.vmapkit.cli.testplugins.LeakyAllocatorProvider}, an allocator that loses frees so the
 * test_vmalloc checks have something to catch.
 */
package io.vmapkit.cli.testplugins;
