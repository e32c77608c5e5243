package io.vmapkit.workloads.sweep;

import java.util.Map;

/**
 * Which part of a sweep one process runs: the cells whose index ≡ {@code index} (mod
 * {@code count}). Every cell belongs to exactly one of the {@code count} shards, and the shards are
 * about equally large (they differ by at most one cell). Immutable.
 *
 * @param index this shard, {@code 0 <= index < count}
 * @param count how many shards
 */
public record Shard(int index, int count) {

    /** Kubernetes Indexed Jobs set it to the pod's completion index (0, 1, ...). */
    public static final String KUBERNETES_INDEX = "JOB_COMPLETION_INDEX";

    /** Slurm job arrays set it to the task's array index. */
    public static final String SLURM_INDEX = "SLURM_ARRAY_TASK_ID";

    /** The whole sweep. */
    public static final Shard ALL = new Shard(0, 1);

    /** Checks the range. */
    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("shard count " + count + " must be at least 1");
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index " + index + " must be from 0 to " + (count - 1));
        }
    }

    /**
     * Reads {@code I/N}; {@code auto/N} takes {@code I} from {@value #KUBERNETES_INDEX}, else
     * {@value #SLURM_INDEX}.
     *
     * @param env the environment to read {@code auto} from
     * @throws IllegalArgumentException naming the text, the variable and the bad value
     */
    public static Shard parse(String text, Map<String, String> env) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("--shard '" + text + "': expected I/N (e.g. 0/4) or auto/N");
        }
        String i = text.substring(0, slash).strip();
        String n = text.substring(slash + 1).strip();
        int count = integer(n, "--shard '" + text + "': N");
        String from = "--shard '" + text + "': I";
        if (i.equals("auto")) {
            if (env.get(KUBERNETES_INDEX) != null) {
                i = env.get(KUBERNETES_INDEX).strip();
                from = KUBERNETES_INDEX + " (for --shard " + text + ")";
            } else if (env.get(SLURM_INDEX) != null) {
                i = env.get(SLURM_INDEX).strip();
                from = SLURM_INDEX + " (for --shard " + text + ")";
            } else {
                throw new IllegalArgumentException("--shard " + text + ": neither " + KUBERNETES_INDEX + " nor "
                        + SLURM_INDEX + " is set; give the index as I/N");
            }
        }
        int index = integer(i, from);
        if (count < 1) {
            throw new IllegalArgumentException("--shard '" + text + "': N must be at least 1, not " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(from + " is " + index + "; a shard index must be from 0 to " + (count - 1)
                    + " (a Slurm array for " + count + " shards is --array=0-" + (count - 1) + ")");
        }
        return new Shard(index, count);
    }

    private static int integer(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is '" + text + "', not an integer", e);
        }
    }

    /** Whether {@code cell} is this shard's. */
    public boolean owns(Cell cell) {
        return cell.index() % count == index;
    }

    /** {@code I/N}. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
