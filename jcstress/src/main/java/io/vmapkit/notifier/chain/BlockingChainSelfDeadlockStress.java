package io.vmapkit.notifier.chain;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.notifier.NotifierConfig;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The self-deadlock detection on the writer side of a blocking chain
 * ({@link RwSemaphore#heldForReadByCurrentThread()}), while another thread registers concurrently.
 *
 * <p>Actor 1 calls the chain; its callback tries to register a block on the same chain, which would
 * wait for its own read section forever, and must be refused with {@link IllegalStateException}
 * (r1 = 1). After the call, actor 1 registers from outside, which must succeed (r3 = 1). Actor 2
 * registers and unregisters another block at the same time; a read section of actor 1 must not be
 * mistaken for its own, so it must succeed (r2 = 1) — it may wait for actor 1's call, which ends.
 * Only {@code 1, 1, 1} is correct; a missing detection would hang actor 1 (reported by jcstress as
 * an error, not an outcome).
 */
@JCStressTest
@Description("Blocking chain: register from inside its own call is refused; another thread's register is not")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "refused inside the call; accepted from the other thread and after the call")
@Outcome(expect = FORBIDDEN, desc = "the detection refused the wrong thread or accepted a self-deadlocking register")
@State
public class BlockingChainSelfDeadlockStress {

    final NotifierChain<Object> chain = NotifierChains.create("jcstress_blocking", ChainKind.BLOCKING, NotifierConfig.defaults());
    final NotifierBlock<Object> inner = NotifierBlock.of("registered-inside", 0, (action, data) -> Notify.DONE);
    final NotifierBlock<Object> after = NotifierBlock.of("registered-after", 0, (action, data) -> Notify.DONE);
    final NotifierBlock<Object> other = NotifierBlock.of("registered-by-other", 0, (action, data) -> Notify.DONE);
    /** Written by actor 1's callback, read by actor 1 after the call. */
    int refusedInside;

    public BlockingChainSelfDeadlockStress() {
        chain.register(NotifierBlock.of("reentrant", 10, (action, data) -> {
            try {
                chain.register(inner).close();
            } catch (IllegalStateException expected) {
                refusedInside = 1;
            }
            return Notify.DONE;
        }));
    }

    @Actor
    public void caller(III_Result r) {
        chain.call(0, this);
        r.r1 = refusedInside;
        try {
            chain.register(after).close();
            r.r3 = 1;
        } catch (IllegalStateException wrong) {
            r.r3 = 0;
        }
    }

    @Actor
    public void otherThread(III_Result r) {
        try {
            Registration reg = chain.register(other);
            reg.close();
            r.r2 = 1;
        } catch (IllegalStateException wrong) {
            r.r2 = 0;
        }
    }
}
