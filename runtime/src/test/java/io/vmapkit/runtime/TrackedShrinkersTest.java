package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import org.junit.jupiter.api.Test;

/**
 * A plugin's view of the shrinker registry answers quarantine questions from the system's registry:
 * before, it fell back to the interface defaults and told a plugin its quarantined shrinker was fine
 * (and could not release it).
 */
class TrackedShrinkersTest {

    @Test
    void quarantineQueriesAndReleaseThroughAPluginContextReachTheSystemRegistry() {
        ShrinkerRegistry registry = mock(ShrinkerRegistry.class);
        Shrinker shrinker = mock(Shrinker.class);
        when(registry.isQuarantined(shrinker)).thenReturn(true);
        when(registry.release(shrinker)).thenReturn(true);
        TrackedShrinkers view = new TrackedShrinkers(null, registry);
        assertThat(view.isQuarantined(shrinker)).isTrue();
        assertThat(view.release(shrinker)).isTrue();
        verify(registry).release(shrinker);
    }
}
