package io.vmapkit.driver.i915;

import static io.vmapkit.driver.i915.Gem.locked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.testkit.VmapKitTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Submitting requests (execbuffer) and retiring them: which objects a request makes active. */
@VmapKitTest(plugins = I915Plugin.class)
class SubmitTest {

    @Test
    void aRequestUsesTheSubmittedObjectsInOrderThenTheContextsRingAndImage(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemContext ctx = Gem.context(d);
            GemObject a = Gem.boundInactive(d, 2);
            GemObject b = Gem.boundInactive(d, 3);
            GemObject c = Gem.boundInactive(d, 4);
            Request r = d.submit(ctx, List.of(a, b, c), 5);
            assertThat(r.objectCount()).isEqualTo(5);
            List<GemObject> used = new ArrayList<>();
            for (int i = 0; i < r.objectCount(); i++) {
                used.add(r.object(i));
            }
            assertThat(used).containsExactly(a, b, c, ctx.ring, ctx.image);
            assertThatThrownBy(() -> r.object(5)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(r).hasToString("request#" + r.seqno + "(5 ticks, 5 objects)");
            GemObject[] bound = d.boundSnapshot();
            assertThat(List.of(bound).subList(bound.length - 5, bound.length))
                    .as("move_to_active puts them at the tail of the bound list in that order")
                    .containsExactly(a, b, c, ctx.ring, ctx.image);
            for (GemObject o : used) {
                assertThat(o.isActive()).as("%s", o).isTrue();
                assertThat(o.lastRequest).isEqualTo(r.seqno);
            }
            d.waitForSeqno(r.seqno);
            for (GemObject o : used) {
                assertThat(o.isActive()).as("retired: %s", o).isFalse();
            }
            Gem.assertConsistent(d);
        });
    }

    @Test
    void submittingOneBatchIsSubmittingAListOfIt(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemContext ctx = Gem.context(d);
            GemObject one = Gem.boundInactive(d, 2);
            GemObject listed = Gem.boundInactive(d, 2);
            Request r1 = d.submit(ctx, one, 3);
            Request r2 = d.submit(ctx, List.of(listed), 3);
            assertThat(r1.objectCount()).isEqualTo(r2.objectCount()).isEqualTo(3);
            assertThat(r1.object(0)).isSameAs(one);
            assertThat(r2.object(0)).isSameAs(listed);
            assertThat(r1.object(1)).isSameAs(r2.object(1)).isSameAs(ctx.ring);
            assertThat(r1.object(2)).isSameAs(r2.object(2)).isSameAs(ctx.image);
            Request none = d.submit(ctx, List.of(), 1);
            assertThat(none.objectCount()).isEqualTo(2);
            assertThat(none.object(0)).isSameAs(ctx.ring);
            d.waitForIdle();
            assertThat(one.isActive()).isFalse();
            assertThat(listed.isActive()).isFalse();
            Gem.assertConsistent(d);
        });
    }

    @Test
    void anUnboundOrFreedObjectIsRefusedBeforeAnythingChanges(InstalledI915 i915) {
        Device d = i915.device();
        locked(d, () -> {
            GemContext ctx = Gem.context(d);
            GemObject bound = Gem.boundInactive(d, 2);
            GemObject unbound = Gem.unbound(d, 2);
            long submitted = d.stats().requestsSubmitted.sum();
            assertThatThrownBy(() -> d.submit(ctx, unbound, 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not bound");
            assertThatThrownBy(() -> d.submit(ctx, List.of(bound, unbound), 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not bound");
            assertThatThrownBy(() -> d.submit(ctx, (GemObject) null, 1)).isInstanceOf(NullPointerException.class);
            assertThat(bound.isActive()).isFalse();
            assertThat(d.stats().requestsSubmitted.sum()).isEqualTo(submitted);
            Gem.assertConsistent(d);
        });
    }
}
