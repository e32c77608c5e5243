package io.vmapkit.driver.i915;


/**
 * The global GTT's bookkeeping: its bound VMAs on an active and an inactive list in LRU order
 * ({@code vm->active_list}, {@code vm->inactive_list}). The GGTT's own address space is not modelled
 * as exhaustible (4 GiB on gen8+; GGTT eviction is another story than vmap space).
 *
 * <p>Guarded by the device's struct_mutex.
 */
final class Ggtt {

    private final LruList<Vma> active = new LruList<>("ggtt active list");
    private final LruList<Vma> inactive = new LruList<>("ggtt inactive list");
    private long boundPages;

    /** A newly bound VMA goes to the tail of the list its object's activity selects. */
    void insert(Vma vma) {
        (vma.obj.active ? active : inactive).addLast(vma);
        boundPages += vma.nodePages();
    }

    /** An unbound VMA leaves both lists. */
    void remove(Vma vma) {
        if (!active.remove(vma)) {
            inactive.remove(vma);
        }
        boundPages -= vma.nodePages();
    }

    /** {@code i915_vma_move_to_active}: to the tail of the active list. */
    void moveToActive(Vma vma) {
        active.moveToTail(vma);
    }

    /** Retirement: to the tail of the inactive list. */
    void moveToInactive(Vma vma) {
        inactive.moveToTail(vma);
    }

    /** The inactive list, oldest first: a snapshot. */
    Vma[] inactiveSnapshot() {
        return inactive.toArray(Vma[]::new);
    }

    /** The active list, oldest first: a snapshot. */
    Vma[] activeSnapshot() {
        return active.toArray(Vma[]::new);
    }

    boolean onActiveList(Vma vma) {
        return active.contains(vma);
    }

    boolean onInactiveList(Vma vma) {
        return inactive.contains(vma);
    }

    /** Pages of all bound VMAs. */
    long boundPages() {
        return boundPages;
    }
}
