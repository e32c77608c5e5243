package io.vmapkit.workloads.effect;

import static io.vmapkit.workloads.effect.GenericRuns.account;
import static io.vmapkit.workloads.effect.GenericRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.workloads.figures.PluginAccount;
import io.vmapkit.workloads.figures.RunRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A purge block that reports freed space while releasing nothing is named: counted in its account,
 * listed by {@code unborneClaims()}, and logged once in the run's kernel log.
 */
class ClaimsNotBorneOutTest {

    /**
     * leaky-cache of 16-page objects in 1024 pages: 60 fit, the 61st step's allocation fails. With one
     * notifier round allowed, the liar is called once, claims 10 and frees nothing: one claim not
     * borne out, of 10 (its unit).
     */
    @Test
    void aBlockThatClaimsTenAndFreesNothingIsChargedTenAndNamed() {
        RunRecord r = run("leaky-cache", 61, Map.of("vmapkit.allocator.max-notifier-rounds", "1"), LyingBlockPlugin.NAME);

        PluginAccount liar = account(r, LyingBlockPlugin.NAME);
        assertThat(liar.notifierCalls()).isEqualTo(1);
        assertThat(liar.notifierFreed()).isEqualTo(10);
        assertThat(liar.unborneClaims()).isEqualTo(1);
        assertThat(liar.unborneFreed()).isEqualTo(10);
        assertThat(r.figures().unborneClaims()).extracting(PluginAccount::name).containsExactly(LyingBlockPlugin.NAME);
        assertThat(r.figures().allocFailures()).isEqualTo(1);
        assertThat(r.kernelLog()).anySatisfy(line -> assertThat(line)
                .contains("block 'liar' reported 10 freed in round 1 but the allocator saw no area released"));
    }

    /**
     * With the default cap of 8 rounds, each failing allocation calls the liar 8 times (it claims
     * progress every round, so the allocator retries until the cap): 40 failing steps of 100 give
     * 320 calls, 320 claims not borne out, 3200 claimed. Logged once, not 320 times.
     */
    @Test
    void everyRoundOfEveryFailureIsChargedAndLoggedOnce() {
        RunRecord r = run("leaky-cache", 100, Map.of(), LyingBlockPlugin.NAME);

        PluginAccount liar = account(r, LyingBlockPlugin.NAME);
        assertThat(r.figures().allocFailures()).isEqualTo(40);
        assertThat(liar.notifierCalls()).isEqualTo(320);
        assertThat(liar.unborneClaims()).isEqualTo(320);
        assertThat(liar.unborneFreed()).isEqualTo(3200);
        assertThat(r.kernelLog().stream().filter(l -> l.contains("'liar'") && l.contains("no area released"))).hasSize(1);
    }

    /** An honest block next to the liar is not charged: its calls free areas. */
    @Test
    void anHonestBlockIsNotCharged() {
        RunRecord r = run("leaky-cache", 100, Map.of(), LyingBlockPlugin.NAME, CachedMappingsPlugin.NAME);

        assertThat(account(r, CachedMappingsPlugin.NAME).unborneClaims()).isZero();
        assertThat(account(r, CachedMappingsPlugin.NAME).notifierFreed()).isEqualTo(8);
        assertThat(account(r, LyingBlockPlugin.NAME).unborneClaims()).isPositive();
    }
}
