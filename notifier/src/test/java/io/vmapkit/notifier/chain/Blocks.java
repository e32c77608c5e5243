package io.vmapkit.notifier.chain;

import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.notifier.NotifierConfig;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: chains whose data is a call log, and blocks that write their name into it. */
final class Blocks {

    private Blocks() {}

    static NotifierChain<List<String>> chain(ChainKind kind) {
        return NotifierChains.create("test_" + kind.name().toLowerCase(java.util.Locale.ROOT), kind, NotifierConfig.defaults());
    }

    static NotifierChain<List<String>> chain(ChainKind kind, NotifierConfig config) {
        return NotifierChains.create("test_" + kind.name().toLowerCase(java.util.Locale.ROOT), kind, config);
    }

    /** A block that logs its name and returns {@code result}. */
    static NotifierBlock<List<String>> block(String name, int priority, int result) {
        return NotifierBlock.of(name, priority, (action, log) -> {
            log.add(name);
            return result;
        });
    }

    static NotifierBlock<List<String>> block(String name, int priority) {
        return block(name, priority, Notify.DONE);
    }

    /** Calls the chain with a fresh log and returns the names called, in order. */
    static List<String> callOrder(NotifierChain<List<String>> chain) {
        List<String> log = new ArrayList<>();
        chain.call(0, log);
        return log;
    }

    static List<String> names(NotifierChain<?> chain) {
        List<String> out = new ArrayList<>();
        for (NotifierBlock<?> b : chain.blocks()) {
            out.add(b.name());
        }
        return out;
    }
}
