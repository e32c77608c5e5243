package io.vmapkit.runtime;

import io.vmapkit.api.Registration;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import java.util.List;
import java.util.Objects;

/**
 * The shrinker registry as one plugin sees it: shrinkers registered through it are recorded and
 * unregistered at uninstall; another plugin's shrinker cannot be unregistered through it.
 */
final class TrackedShrinkers implements ShrinkerRegistry {

    private final TrackingContext context;
    private final ShrinkerRegistry delegate;

    TrackedShrinkers(TrackingContext context, ShrinkerRegistry delegate) {
        this.context = context;
        this.delegate = delegate;
    }

    @Override
    public Registration register(Shrinker shrinker) {
        Objects.requireNonNull(shrinker, "shrinker");
        context.checkCanRegister();
        return context.recordRegistration(delegate, shrinker, delegate.register(shrinker));
    }

    /**
     * Unregisters a shrinker registered through this context.
     *
     * @throws IllegalArgumentException if it is registered by another plugin or the host
     */
    @Override
    public void unregister(Shrinker shrinker) {
        Objects.requireNonNull(shrinker, "shrinker");
        Registration taken = context.takeRegistration(delegate, shrinker);
        if (taken != null) {
            try {
                delegate.unregister(shrinker);
            } catch (RuntimeException e) {
                context.putBackRegistration(delegate, shrinker, taken);
                throw e;
            }
            return;
        }
        boolean registered = delegate.shrinkers().stream().anyMatch(s -> s == shrinker);
        if (registered) {
            String owner = context.registeredBy(delegate, shrinker).map(o -> "plugin '" + o + "'").orElse("the host");
            throw new IllegalArgumentException("shrinker '" + shrinker.name() + "' was registered by " + owner
                    + " and cannot be unregistered through plugin '" + context.pluginName() + "''s context");
        }
        delegate.unregister(shrinker);
    }

    @Override
    public long shrinkSlab(int priority) {
        return delegate.shrinkSlab(priority);
    }

    @Override
    public long reclaim(long targetObjects) {
        return delegate.reclaim(targetObjects);
    }

    @Override
    public List<Shrinker> shrinkers() {
        return delegate.shrinkers();
    }

    @Override
    public long deferred(Shrinker shrinker) {
        return delegate.deferred(shrinker);
    }

    @Override
    public boolean isQuarantined(Shrinker shrinker) {
        return delegate.isQuarantined(shrinker);
    }

    @Override
    public boolean release(Shrinker shrinker) {
        return delegate.release(shrinker);
    }

    @Override
    public String toString() {
        return delegate + " as seen by plugin '" + context.pluginName() + "'";
    }
}
