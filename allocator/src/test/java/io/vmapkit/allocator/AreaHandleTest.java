package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Handles: owner, state transitions, and the checks {@code free} makes before changing anything. */
class AreaHandleTest {

    static final List<String> NAMES = Allocators.NAMES;

    @ParameterizedTest
    @FieldSource("NAMES")
    void areaCarriesItsOwnerAndMovesLiveLazyPurged(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(16).build());
        VmapArea area = a.allocate(VmapRequest.builder(2L * PAGE).owner("i915").build());
        VmapArea anonymous = a.allocate(PAGE);

        assertThat(area.owner()).contains("i915");
        assertThat(anonymous.owner()).isEmpty();
        assertThat(area.state()).isEqualTo(AreaState.LIVE);
        assertThat(a.snapshot().ranges().get(0).owner()).isEqualTo("i915");
        a.free(area);
        assertThat(area.state()).isEqualTo(AreaState.LAZY);
        assertThat(a.snapshot().ranges().get(0)).extracting(VmapSnapshot.Range::kind, VmapSnapshot.Range::owner)
                .containsExactly(VmapSnapshot.Kind.LAZY, "i915");
        a.purgeLazy();
        assertThat(area.state()).isEqualTo(AreaState.PURGED);
        assertThat(area.toString()).contains("PURGED").contains("owner=i915").contains(name);
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void freeingAHandleOfAnotherAllocatorThrowsIllegalArgumentAndChangesNothing(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(16).build());
        VmapAllocatorCore other = Allocators.create(name, Allocators.small(16).build());
        a.allocate(PAGE);
        VmapArea foreign = other.allocate(PAGE);
        VmapSnapshot snapshot = a.snapshot();
        VmapStats stats = a.stats();

        assertThatThrownBy(() -> a.free(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(foreign.toString()).hasMessageContaining("not allocated by this");
        other.free(foreign);
        other.purgeLazy();
        assertThatThrownBy(() -> a.free(foreign)).isInstanceOf(IllegalArgumentException.class);

        assertThat(a.snapshot()).isEqualTo(snapshot);
        assertThat(a.stats()).isEqualTo(stats);
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void freeingACallerMadeHandleThrowsIllegalArgumentNamingIt(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(16).build());
        VmapArea real = a.allocate(PAGE);
        VmapArea fake = new VmapArea() {
            @Override
            public long start() {
                return real.start();
            }

            @Override
            public long end() {
                return real.end();
            }

            @Override
            public long size() {
                return real.size();
            }

            @Override
            public long guardSize() {
                return real.guardSize();
            }

            @Override
            public AreaState state() {
                return AreaState.LIVE;
            }

            @Override
            public Optional<String> owner() {
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "forged-area";
            }
        };
        VmapStats stats = a.stats();

        assertThatThrownBy(() -> a.free(fake)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forged-area");
        assertThatThrownBy(() -> a.free(null)).isInstanceOf(NullPointerException.class);
        assertThat(a.stats()).isEqualTo(stats);
        assertThat(real.state()).isEqualTo(AreaState.LIVE);
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void doubleFreeThrowsIllegalStateAndChangesNothing(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(16).build());
        VmapArea area = a.allocate(PAGE);
        a.allocate(PAGE);
        a.free(area);
        VmapSnapshot snapshot = a.snapshot();
        VmapStats stats = a.stats();

        assertThatThrownBy(() -> a.free(area)).isInstanceOf(IllegalStateException.class).hasMessageContaining("double free");
        assertThat(a.snapshot()).isEqualTo(snapshot);
        assertThat(a.stats()).isEqualTo(stats);

        a.purgeLazy();
        VmapStats purged = a.stats();
        assertThatThrownBy(() -> a.free(area)).isInstanceOf(IllegalStateException.class).hasMessageContaining("PURGED");
        assertThat(a.stats()).isEqualTo(purged);
    }
}
