/**
 * {@code vmapkit plugins}: what discovery finds — plugins and allocator, notifier and page-pool
 * providers with name, version, priority, api version, status, class and jar, and why a broken or
 * refused entry was skipped — plus the workloads each plugin offers to {@code simulate}.
 */
package io.vmapkit.cli.plugins;
