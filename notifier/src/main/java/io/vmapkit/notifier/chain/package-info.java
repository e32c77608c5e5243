/**
 * Notifier chains of the four kernel kinds ({@code kernel/notifier.c}), created with
 * {@link io.vmapkit.notifier.chain.NotifierChains#create}; the implementations are package-private.
 *
 * <h2>Kinds and locks</h2>
 * <table>
 *   <caption>What each kind locks and what its callbacks run under</caption>
 *   <tr><th>kind</th><th>register / unregister</th><th>call (callbacks run under)</th><th>callbacks may block</th></tr>
 *   <tr><td>BLOCKING</td><td>write side of the chain's rw_semaphore ({@code RwSemaphore}): waits for
 *       earlier writers and for every call in flight; calls that start meanwhile park</td>
 *       <td>its read side (one CAS on the thread's own reader record; nested calls of the same
 *       chain take nothing more)</td><td>yes</td></tr>
 *   <tr><td>ATOMIC</td><td>short lock; unregister then waits for a grace period (spinning)</td>
 *       <td>no lock: an immutable snapshot in a read section</td><td><b>no</b></td></tr>
 *   <tr><td>SRCU</td><td>short lock; unregister then waits for a grace period (parking)</td>
 *       <td>no lock: an immutable snapshot in a read section</td><td>yes</td></tr>
 *   <tr><td>RAW</td><td>none: the caller serialises</td><td>whatever the caller holds</td><td>caller decides</td></tr>
 * </table>
 * A call on an empty chain takes no lock. A call on a non-empty chain allocates nothing once its
 * thread has called that chain before (the first call of a thread creates its reader record on
 * blocking, atomic and SRCU chains), with a {@link io.vmapkit.api.event.VmapListener#NOOP NOOP} or
 * allocation-free listener and the {@code vmap.NotifierCall} JFR event disabled.
 *
 * <h2>Fairness of a blocking chain</h2>
 * Writer-preferring: once a register or unregister has arrived, calls that start park until it is
 * done, so a steady stream of calls cannot starve it; it waits only for the calls already in
 * flight and for what queued before it. Parked calls and writers are served in arrival order, so a
 * stream of writers cannot starve calls either. A callback calling its own chain again (a nested
 * call) never waits for a queued writer, since that writer waits for the outer call.
 *
 * <h2>Order and registration</h2>
 * A block is inserted before the first block of strictly lower priority: higher priority first,
 * equal priorities in registration order. Priority and name are read once, at registration.
 * Registering a block object already on the chain fails with {@code EEXIST} (identity is checked
 * over the whole chain), or under {@code WARN_AND_IGNORE} is logged and answered with a handle
 * that does nothing; {@code registerUniquePriority} fails with {@code EBUSY} on a priority already
 * present (a duplicate block is reported as {@code EEXIST} first); unregistering an absent block
 * fails with {@code ENOENT}. Refused registrations leave the chain unchanged. Closing a handle is
 * idempotent and removes only the registration it came from.
 *
 * <h2>Re-entry</h2>
 * From inside a callback on the same thread (also from a nested call of the chain, or from a
 * callback of another chain called inside the call): BLOCKING refuses register and unregister,
 * ATOMIC and SRCU refuse unregister (register is published to later calls), RAW allows both with
 * the kernel's visit rules. Refusals are {@link java.lang.IllegalStateException}s naming the
 * chain: the kernel would deadlock. The test is the current thread's reader record, looked at by
 * the writer only, so calls do not pay for it.
 *
 * <h2>Failure policy</h2>
 * A callback that throws an exception (or an {@link java.lang.Error} other than
 * {@link java.lang.VirtualMachineError}, which is rethrown after the data's observer has been
 * told) does not break the walk:
 * <ol>
 *   <li>the throwable is caught and the walk continues as if the callback had returned
 *       {@code NOTIFY_DONE}; the call still counts in {@code nr_calls} and {@code nr_to_call};</li>
 *   <li>the first failure of a registration is logged once (WARNING, with the block's name and the
 *       stack trace); later ones are logged at DEBUG only;</li>
 *   <li>every failure is counted and reported with
 *       {@link io.vmapkit.api.event.VmapListener#notifierCallFailed}, with the number of
 *       consecutive failures so far; {@code notifierCall} is reported too, with the effective
 *       result {@code NOTIFY_DONE};</li>
 *   <li>after {@link io.vmapkit.notifier.NotifierConfig#quarantineAfter()} consecutive failures
 *       (0 = never) the block is <em>quarantined</em>: reported once with
 *       {@link io.vmapkit.api.event.VmapListener#notifierBlockQuarantined} and a WARNING, kept
 *       registered, but skipped by every later walk (each skip is reported with
 *       {@link io.vmapkit.api.event.VmapListener#notifierBlockSkipped}); a skipped block counts
 *       neither in {@code nr_calls} nor in {@code nr_to_call}, as the kernel's
 *       CONFIG_DEBUG_NOTIFIERS skips invalid blocks;</li>
 *   <li>a callback that returns normally resets its consecutive count;
 *       {@link io.vmapkit.api.notifier.NotifierChain#release} takes a block out of quarantine with
 *       its count reset; unregistering and registering again also starts afresh.</li>
 * </ol>
 * A listener that throws is logged and ignored. Calls in flight when a block is quarantined may
 * still call it once.
 *
 * <h2>Robust calls</h2>
 * BLOCKING and RAW only. The up pass counts the callbacks it runs ({@code nr}); on a STOP_MASK
 * result the down action goes to the first {@code nr − 1} blocks in forward order, and the down
 * pass itself stops on a STOP_MASK result, as the kernel's {@code notifier_call_chain_robust}
 * does. The result is the up pass's. A BLOCKING chain cannot change between the passes, so those
 * are exactly the blocks called before the vetoing one. A RAW chain's down pass walks the chain as
 * it stands after the up pass, as the kernel's does: if a callback unlinked itself (or registered a
 * block) during the up pass, the blocks called down differ from those called up.
 *
 * <h2>Observability</h2>
 * Each callback run is reported to {@link io.vmapkit.api.event.VmapListener#notifierCall} with
 * its duration (measured only when the listener is not NOOP or JFR wants the event), and recorded
 * as the JFR event {@code vmap.NotifierCall} (category "vmapkit": chain, callback, action, result,
 * durationNs, and freedAdded when the data is a {@link io.vmapkit.api.notifier.FreedCounter}).
 */
package io.vmapkit.notifier.chain;
