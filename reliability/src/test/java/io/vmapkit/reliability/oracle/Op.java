package io.vmapkit.reliability.oracle;

import io.vmapkit.api.vmap.VmapRequest;

/** One operation of a differential run. */
public sealed interface Op {

    /**
     * Allocate {@code request}.
     *
     * @param descriptorFault inject an ENOMEM at the descriptor allocation
     * @param cache put the area in the cache the notifier block evicts from
     * @param evictPerRound how many cached areas the block frees per notifier round
     * @param lie whether the block also claims progress it did not make
     */
    record Alloc(VmapRequest request, boolean descriptorFault, boolean cache, int evictPerRound, boolean lie) implements Op {
        @Override
        public String toString() {
            return "allocate " + request + (descriptorFault ? " [descriptor fault]" : "") + (cache ? " [cached]" : "")
                    + " [block evicts " + evictPerRound + (lie ? ", lies" : "") + "]";
        }
    }

    /** Free the {@code index}-th held area (modulo the number held). */
    record Free(long index) implements Op {
        @Override
        public String toString() {
            return "free #" + index;
        }
    }

    /** An explicit synchronous purge. */
    record Purge() implements Op {
        @Override
        public String toString() {
            return "purgeLazy";
        }
    }
}
