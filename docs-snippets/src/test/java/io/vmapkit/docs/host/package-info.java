/**
 * The host application of docs/embedding.md: its service ({@link io.vmapkit.docs.host.BufferService}),
 * its Guice module ({@link io.vmapkit.docs.host.HostModule}), a plugin it gives in code
 * ({@link io.vmapkit.docs.host.HostCachePlugin}), and the tests whose marked regions the page shows.
 * Test-only: the regions are what the page copies, and each runs with real assertions here.
 */
package io.vmapkit.docs.host;
