package io.vmapkit.trace;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.List;

/**
 * The system's purge chain as the recorded allocator sees it: every call (a notifier round of an
 * allocation's overflow path) is bracketed by {@code round N begin} / {@code round N end freed=F}
 * lines, so the frees the callbacks make are recorded inside the round. Everything else is the
 * real chain's behaviour; plugins register on the real chain, not on this view.
 */
final class RecordingPurgeChain implements NotifierChain<VmapPurgeEvent> {

    private final NotifierChain<VmapPurgeEvent> real;
    private final TraceRecorder recorder;

    RecordingPurgeChain(NotifierChain<VmapPurgeEvent> real, TraceRecorder recorder) {
        this.real = real;
        this.recorder = recorder;
    }

    @Override
    public int call(long action, VmapPurgeEvent data, int nrToCall, NrCalls nrCalls) {
        TraceRecorder.Frame f = recorder.isOpen() ? recorder.roundBegins(data.round()) : null;
        if (f == null) {
            return real.call(action, data, nrToCall, nrCalls);
        }
        try {
            return real.call(action, data, nrToCall, nrCalls);
        } finally {
            recorder.roundEnds(f, data.round(), data.freed());
        }
    }

    @Override
    public int callRobust(long actionUp, long actionDown, VmapPurgeEvent data) {
        return real.callRobust(actionUp, actionDown, data);
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public ChainKind kind() {
        return real.kind();
    }

    @Override
    public Registration register(NotifierBlock<? super VmapPurgeEvent> block) {
        return real.register(block);
    }

    @Override
    public Registration registerUniquePriority(NotifierBlock<? super VmapPurgeEvent> block) {
        return real.registerUniquePriority(block);
    }

    @Override
    public void unregister(NotifierBlock<? super VmapPurgeEvent> block) {
        real.unregister(block);
    }

    @Override
    public boolean isEmpty() {
        return real.isEmpty();
    }

    @Override
    public List<NotifierBlock<? super VmapPurgeEvent>> blocks() {
        return real.blocks();
    }

    @Override
    public boolean isQuarantined(NotifierBlock<?> block) {
        return real.isQuarantined(block);
    }

    @Override
    public boolean release(NotifierBlock<?> block) {
        return real.release(block);
    }
}
