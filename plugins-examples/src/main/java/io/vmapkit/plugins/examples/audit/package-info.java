/**
 * The pressure audit example: an observer at the end of the vmap purge and OOM notifier chains that
 * frees nothing and records who freed what, how often the space ran out, the largest request nothing
 * was freed for and the rounds allocations needed.
 *
 * <p>Contract: {@link io.vmapkit.plugins.examples.audit.PressureAuditPlugin} never adds to
 * {@code freed}; its blocks run at the lowest priority, so they see every other block's contribution
 * of the round. What it cannot see from the chains (outcomes of allocations, ENOMEM, non-blocking
 * requests) a host can add with its optional outcome listener, an
 * {@link io.vmapkit.plugins.examples.audit.AuditOutcomes}. The plugin is a stateless factory; each
 * install returns the system's {@link io.vmapkit.plugins.examples.audit.PressureAudit}, which holds
 * the tallies.
 * {@link io.vmapkit.plugins.examples.audit.AuditReport} is an immutable reading with a text table.
 */
package io.vmapkit.plugins.examples.audit;
