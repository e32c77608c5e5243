/**
 * The self-contained HTML report of {@code simulate --report}: the figures table, a bar chart
 * comparing the policies, and per policy a chart of live, lazy and free bytes over the operations
 * with purges and notifier rounds marked, and a map of the address space when the run stopped.
 *
 * <p>Charts are drawn with XChart and embedded as base64 PNG; the address-space map is inline SVG.
 * The file needs nothing else to display. Drawing needs AWT in headless mode
 * ({@code java.awt.headless=true}; the cli's {@code Main} sets it).
 */
package io.vmapkit.cli.report;
