package io.vmapkit.runtime;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.NotifierContext;
import io.vmapkit.api.spi.NotifierProvider;
import io.vmapkit.notifier.DefaultNotifierProvider;
import java.util.List;

/** Wraps the default chains so every registration handle logs "close:<name>" when closed. */
final class LoggingNotifierProvider implements NotifierProvider {
    private final NotifierProvider inner = new DefaultNotifierProvider();
    private final List<String> log;

    LoggingNotifierProvider(List<String> log) {
        this.log = log;
    }

    @Override public String name() { return "logging-chains"; }

    @Override
    public <T> NotifierChain<T> newChain(String name, ChainKind kind, Settings settings, NotifierContext context) {
        NotifierChain<T> c = inner.newChain(name, kind, settings, context);
        return new NotifierChain<>() {
            @Override public String name() { return c.name(); }
            @Override public ChainKind kind() { return c.kind(); }
            @Override public Registration register(NotifierBlock<? super T> b) { return logged(b.name(), c.register(b)); }
            @Override public Registration registerUniquePriority(NotifierBlock<? super T> b) {
                return logged(b.name(), c.registerUniquePriority(b));
            }
            @Override public void unregister(NotifierBlock<? super T> b) { c.unregister(b); }
            @Override public int call(long a, T d, int n, NrCalls nr) { return c.call(a, d, n, nr); }
            @Override public int callRobust(long up, long down, T d) { return c.callRobust(up, down, d); }
            @Override public boolean isEmpty() { return c.isEmpty(); }
            @Override public List<NotifierBlock<? super T>> blocks() { return c.blocks(); }
            @Override public boolean isQuarantined(NotifierBlock<?> b) { return c.isQuarantined(b); }
            @Override public boolean release(NotifierBlock<?> b) { return c.release(b); }
        };
    }

    @Override
    public ShrinkerRegistry newShrinkerRegistry(Settings settings, NotifierContext context) {
        ShrinkerRegistry r = inner.newShrinkerRegistry(settings, context);
        return new ShrinkerRegistry() {
            @Override public Registration register(Shrinker s) { return logged(s.name(), r.register(s)); }
            @Override public void unregister(Shrinker s) { r.unregister(s); }
            @Override public long shrinkSlab(int p) { return r.shrinkSlab(p); }
            @Override public long reclaim(long t) { return r.reclaim(t); }
            @Override public List<Shrinker> shrinkers() { return r.shrinkers(); }
            @Override public long deferred(Shrinker s) { return r.deferred(s); }
        };
    }

    private Registration logged(String name, Registration r) {
        return () -> {
            log.add("close:" + name);
            r.close();
        };
    }
}
