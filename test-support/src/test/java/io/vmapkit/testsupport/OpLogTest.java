package io.vmapkit.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpLogTest {

    @Test
    void keepsTheLastOperationsNumberedFromZeroAndCountsThemAll() {
        OpLog log = new OpLog(2);
        log.add("alloc 4096");
        log.add("free 0x1000");
        log.add("alloc 8192");
        // three added, two kept: #0 dropped, #1 and #2 remain
        assertThat(log.count()).isEqualTo(3);
        assertThat(log).hasToString("operation sequence (last 2 of 3):\n  #1 free 0x1000\n  #2 alloc 8192\n");
    }

    @Test
    void dumpPutsTheReplayableSeedFirst() {
        OpLog log = new OpLog(4);
        log.add("purge");
        assertThat(log.dump(42)).isEqualTo(
                "seed=42 (replay with -Dvmapkit.seed=42); operation sequence (last 1 of 1):\n  #0 purge\n");
    }

    @Test
    void aPerThreadLogNamesTheThreadThatAddedEachLine() throws Exception {
        OpLog log = OpLog.perThread(8);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Threads.start("worker-7", () -> log.add("map key-1"), done).join();
        done.get(10, TimeUnit.SECONDS);
        assertThat(log.toString()).contains("#0 worker-7: map key-1");
    }

    @Test
    void aLogThatKeepsNothingIsRefused() {
        assertThatThrownBy(() -> new OpLog(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 0");
    }
}
