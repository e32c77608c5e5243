package io.vmapkit.driver.i915;

/**
 * Watches the vmap ranges a shrink walk releases and may end the walk early. Called on the walking
 * thread under struct_mutex.
 */
interface ReleaseObserver {

    /** The observer that never stops a walk: the kernel's behaviour. */
    ReleaseObserver NONE = new ReleaseObserver() {
        @Override
        public void released(long start, long end) {}

        @Override
        public boolean satisfied() {
            return false;
        }
    };

    /** The range {@code [start, end)} (guard included, unsigned) was freed lazily. */
    void released(long start, long end);

    /** Whether the walk may stop now. */
    boolean satisfied();
}
