package io.vmapkit.api.page;

import java.util.Optional;

/** Pages allocated together from a {@link PagePool}: an opaque handle, created only by pools. */
public interface PageRun {

    /** How many pages. */
    long nrPages();

    /** The owner that allocated them, if any. */
    Optional<String> owner();

    /** Whether the run was given back. */
    boolean isFreed();
}
