package io.vmapkit.allocator;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One call of the vmap purge notifier chain ({@code vmap_notify_list}) from the overflow path.
 * vmapkit caps the rounds per allocation ({@code AllocatorConfig.maxNotifierRounds()}, default
 * 8, -1 for the kernel's unlimited loop); {@code capReached} marks the last round the cap allows.
 */
@Name("vmap.NotifierRound")
@Label("vmap purge notifier round")
@Category("vmapkit")
@Description("The purge notifier chain ran for a failing allocation")
@StackTrace(false)
final class NotifierRoundEvent extends Event {
    @Label("round")
    int round;
    @Label("size")
    @Description("bytes the request needs, guard included")
    long size;
    @Label("freed")
    long freed;
    @Label("contributors")
    @Description("blocks that added to freed in this round, comma-separated")
    String contributors;
    @Label("capReached")
    @Description("this was the last round the cap allows (default cap 8)")
    boolean capReached;
}
