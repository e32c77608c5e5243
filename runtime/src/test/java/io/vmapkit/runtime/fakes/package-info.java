/**
 * Test-only providers ("test-first-fit", "test-chains", "test-pool", all priority -10), registered
 * in this module's test resources so the runtime can be tested before, and beside, the real
 * allocator and notifier modules. Tests that depend on their exact behaviour select them by name.
 */
package io.vmapkit.runtime.fakes;
