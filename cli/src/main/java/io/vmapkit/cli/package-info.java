/**
 * The {@code vmapkit} command line: {@code simulate}, {@code bench test-vmalloc}, {@code replay} and
 * {@code plugins}.
 */
package io.vmapkit.cli;
