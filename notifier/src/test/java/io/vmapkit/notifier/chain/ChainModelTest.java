package io.vmapkit.notifier.chain;

import static io.vmapkit.notifier.chain.Blocks.block;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.Errno;
import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.api.notifier.RegistrationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized, seeded comparison of every chain kind against a plain list model of §8.2–§8.4:
 * register (plain and unique priority), unregister, close, and calls with {@code nr_to_call} and
 * STOP results. Replay one seed with {@code -Dvmapkit.seed=<seed>}; a failure prints the
 * operation sequence.
 */
class ChainModelTest {

    private static final int OPS = 400;

    static Stream<Arguments> seeds() {
        String replay = System.getProperty("vmapkit.seed");
        List<Long> seeds = new ArrayList<>();
        if (replay != null) {
            seeds.add(Long.parseLong(replay));
        } else {
            seeds.add(1L);
            seeds.add(42L);
            seeds.add(0x5eedL);
            seeds.add(System.nanoTime());
        }
        List<Arguments> out = new ArrayList<>();
        for (ChainKind kind : ChainKind.values()) {
            for (long s : seeds) {
                out.add(Arguments.of(kind, s));
            }
        }
        return out.stream();
    }

    /** The model: blocks in call order. */
    private static final class Model {
        final List<NotifierBlock<List<String>>> order = new ArrayList<>();
        final Map<NotifierBlock<List<String>>, Integer> prio = new HashMap<>();

        Errno register(NotifierBlock<List<String>> b, int p, boolean unique) {
            if (order.contains(b)) {
                return Errno.EEXIST;
            }
            if (unique && order.stream().anyMatch(x -> prio.get(x) == p)) {
                return Errno.EBUSY;
            }
            int at = order.size();
            for (int i = 0; i < order.size(); i++) {
                if (prio.get(order.get(i)) < p) {
                    at = i;
                    break;
                }
            }
            order.add(at, b);
            prio.put(b, p);
            return null;
        }

        List<String> call(int nrToCall, Map<NotifierBlock<List<String>>, Integer> results) {
            List<String> log = new ArrayList<>();
            for (NotifierBlock<List<String>> b : order) {
                if (nrToCall == 0) {
                    break;
                }
                log.add(b.name());
                if (Notify.isStop(results.get(b))) {
                    break;
                }
                nrToCall--;
            }
            return log;
        }
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("seeds")
    void chainMatchesTheListModelOfOrderingRegistrationAndCalling(ChainKind kind, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        NotifierChain<List<String>> chain = Blocks.chain(kind);
        Model model = new Model();
        List<NotifierBlock<List<String>>> pool = new ArrayList<>();
        Map<NotifierBlock<List<String>>, Integer> results = new HashMap<>();
        Map<NotifierBlock<List<String>>, Registration> handles = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            int result = rnd.nextInt(10) == 0 ? Notify.STOP : (rnd.nextInt(8) == 0 ? Notify.BAD & ~Notify.STOP_MASK : Notify.OK);
            NotifierBlock<List<String>> b = block("b" + i, rnd.nextInt(-3, 4), result);
            pool.add(b);
            results.put(b, result);
        }
        List<String> ops = new ArrayList<>();
        try {
            for (int step = 0; step < OPS; step++) {
                NotifierBlock<List<String>> b = pool.get(rnd.nextInt(pool.size()));
                int op = rnd.nextInt(10);
                if (op < 4) {
                    boolean unique = op == 0;
                    ops.add((unique ? "registerUnique " : "register ") + b.name() + "@" + b.priority());
                    Errno expected = model.register(b, b.priority(), unique);
                    Errno actual = null;
                    try {
                        handles.put(b, unique ? chain.registerUniquePriority(b) : chain.register(b));
                    } catch (RegistrationException e) {
                        actual = e.errno();
                    }
                    assertThat(actual).as("seed %d: %s", seed, ops).isEqualTo(expected);
                } else if (op < 6) {
                    ops.add("unregister " + b.name());
                    boolean present = model.order.remove(b);
                    Errno actual = null;
                    try {
                        chain.unregister(b);
                    } catch (RegistrationException e) {
                        actual = e.errno();
                    }
                    assertThat(actual).as("seed %d: %s", seed, ops).isEqualTo(present ? null : Errno.ENOENT);
                } else if (op < 7) {
                    Registration h = handles.remove(b);
                    if (h != null) {
                        ops.add("close " + b.name());
                        h.close();
                        model.order.remove(b);
                    }
                } else {
                    int nrToCall = rnd.nextInt(4) == 0 ? rnd.nextInt(0, 5) : NotifierChain.ALL;
                    ops.add("call nr_to_call=" + nrToCall);
                    List<String> log = new ArrayList<>();
                    NrCalls nr = new NrCalls();
                    int ret = chain.call(0, log, nrToCall, nr);
                    List<String> expected = model.call(nrToCall, results);
                    assertThat(log).as("seed %d: %s", seed, ops).isEqualTo(expected);
                    assertThat(nr.get()).as("seed %d nr_calls", seed).isEqualTo(expected.size());
                    int expectedRet = expected.isEmpty() ? Notify.DONE
                            : results.get(pool.stream().filter(x -> x.name().equals(expected.get(expected.size() - 1))).findFirst().orElseThrow());
                    assertThat(ret).as("seed %d: last callback's result", seed).isEqualTo(expectedRet);
                }
                assertThat(Blocks.names(chain)).as("seed %d: %s", seed, ops)
                        .isEqualTo(model.order.stream().map(NotifierBlock::name).collect(java.util.stream.Collectors.toList()));
                assertThat(chain.isEmpty()).isEqualTo(model.order.isEmpty());
            }
        } catch (AssertionError e) {
            System.err.println("ChainModelTest failed for " + kind + " seed=" + seed + "; operations:\n  " + String.join("\n  ", ops));
            throw e;
        }
    }
}
