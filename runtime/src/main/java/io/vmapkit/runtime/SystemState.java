package io.vmapkit.runtime;

/** The life of a {@link VmapSystem}: states only move forward, NEW → STARTED → CLOSED (or NEW → CLOSED). */
public enum SystemState {
    /** Built, parts usable, no plugin installed yet. */
    NEW,
    /** {@link VmapSystem#start()} has installed the plugins. */
    STARTED,
    /** Closed: every installed plugin has been uninstalled. Terminal; build a new system to start again. */
    CLOSED
}
