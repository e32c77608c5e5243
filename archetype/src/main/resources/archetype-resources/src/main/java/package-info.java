/**
 * The ${pluginName} plugin: a pool of scratch buffers (pages from the page pool, mapped into the vmap
 * space) that keeps returned buffers for reuse and gives them back under pressure: its
 * {@link ${package}.IdleBufferShrinker} when pages run short, its {@link ${package}.PurgeBlock} when the
 * vmap address space runs out.
 *
 * <p>Contract: {@link ${package}.ScratchPoolPlugin} is the stateless factory that discovery finds;
 * each {@code install} returns a {@link ${package}.ScratchPool} that owns that system's buffers.
 * Settings are {@code vmapkit.plugin.${pluginName}.<key>}; locking is one pool monitor, never held
 * while calling into vmapkit.
 */
package ${package};
