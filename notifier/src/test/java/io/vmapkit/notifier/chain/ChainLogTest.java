package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.notifier.NotifierConfig;
import io.vmapkit.notifier.NotifierConfig.DuplicatePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two chain events that only go to the log (no listener event): a duplicate ignored under
 * {@link DuplicatePolicy#WARN_AND_IGNORE} (a warning) and a block released from quarantine (an
 * info line). Read through the platform logger's default backend, {@code java.util.logging}.
 */
class ChainLogTest {

    private final Logger logger = Logger.getLogger("io.vmapkit.notifier.chain");
    private final List<String> lines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (lines) {
                lines.add(record.getLevel() + " " + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        capture.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
    }

    @Test
    void anIgnoredDuplicateIsLoggedAsAWarning() {
        NotifierChain<List<String>> c = Blocks.chain(ChainKind.RAW,
                NotifierConfig.builder().duplicatePolicy(DuplicatePolicy.WARN_AND_IGNORE).build());
        NotifierBlock<List<String>> a = Blocks.block("a", 1);
        c.register(a);
        assertThat(lines).isEmpty();

        c.register(a);

        assertThat(lines).containsExactly("WARNING double register detected: notifier block 'a' is already on chain "
                + "'test_raw'; ignored (duplicate policy WARN_AND_IGNORE)");
    }

    @Test
    void aReleaseFromQuarantineIsLogged() {
        NotifierChain<List<String>> c = Blocks.chain(ChainKind.RAW, NotifierConfig.builder().quarantineAfter(1).build());
        NotifierBlock<List<String>> b = NotifierBlock.of("b", 0, (action, log) -> {
            throw new IllegalStateException("b is broken");
        });
        c.register(b);
        c.call(0, new ArrayList<>());
        assertThat(c.isQuarantined(b)).isTrue();
        lines.clear();

        assertThat(c.release(b)).isTrue();

        assertThat(lines).containsExactly("INFO notifier block 'b' on chain 'test_raw' released from quarantine");
    }
}
