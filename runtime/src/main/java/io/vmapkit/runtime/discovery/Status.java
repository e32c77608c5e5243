package io.vmapkit.runtime.discovery;

/** What became of a discovered or given entry. */
public enum Status {
    /** In use: a provider the system was built with, or a plugin whose install succeeded. */
    INSTALLED,
    /** Usable but not in use: a provider not chosen, or a plugin of a system not started yet. */
    AVAILABLE,
    /** Deliberately not used; the reason says why (excluded, not included, built for a newer api). */
    SKIPPED,
    /** A plugin whose install threw; what it had registered was undone. */
    FAILED,
    /** A services entry that could not be loaded, or an instance that could not describe itself. */
    BROKEN,
    /** A plugin that was installed and has been uninstalled: its installation closed (the system was closed). */
    UNINSTALLED,
    /**
     * One of several entries of a kind sharing a name: a system refuses to start with them (names
     * must be unique); a listing shows every one of them with this status.
     */
    DUPLICATE;

    /** The status as report text, lower case. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
