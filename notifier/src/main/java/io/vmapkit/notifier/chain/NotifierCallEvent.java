package io.vmapkit.notifier.chain;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * JFR event {@code vmap.NotifierCall}: one notifier callback (a vmapkit addition; the kernel has
 * no tracepoint here). Emitted by every chain kind for every callback that ran, including ones
 * that threw (with their effective result, {@code NOTIFY_DONE}).
 *
 * <p>The chain creates an instance only while the event is enabled in some recording, so a call
 * with JFR off allocates nothing.
 */
@Name("vmap.NotifierCall")
@Label("Notifier Call")
@Category("vmapkit")
@Description("One notifier-chain callback: chain, block, action, result, duration and what it added to freed")
final class NotifierCallEvent extends jdk.jfr.Event {

    @Label("Chain")
    String chain;

    @Label("Callback")
    @Description("The block's name")
    String callback;

    @Label("Action")
    long action;

    @Label("Result")
    @Description("The callback's result (NOTIFY_* code); NOTIFY_DONE when it threw")
    int result;

    @Label("Duration")
    @Timespan(Timespan.NANOSECONDS)
    long durationNs;

    @Label("Freed Added")
    @Description("What the callback added to a FreedCounter passed as data; 0 for other data")
    long freedAdded;

    /**
     * Whether a recording wants this event. Cheap (a field read) while JFR is not initialised; the
     * event type is looked up (which registers the event with JFR) only once JFR is running.
     */
    static boolean enabled() {
        return FlightRecorder.isInitialized() && TypeHolder.TYPE.isEnabled();
    }

    /** Lazily registered event type: touched only after JFR has been initialised. */
    private static final class TypeHolder {
        static final EventType TYPE = EventType.getEventType(NotifierCallEvent.class);
    }
}
