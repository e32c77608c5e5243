package io.vmapkit.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.VmapApi;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.NotifierProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Discovery of the "default" provider and what it creates. */
class DefaultNotifierProviderTest {

    @Test
    void serviceLoaderFindsTheDefaultProvider() {
        List<NotifierProvider> found = ServiceLoader.load(NotifierProvider.class, getClass().getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        assertThat(found).extracting(NotifierProvider::name).contains(DefaultNotifierProvider.NAME);
        NotifierProvider p = found.stream().filter(x -> x.name().equals("default")).findFirst().orElseThrow();
        assertThat(p.apiVersion()).isEqualTo(VmapApi.MAJOR_VERSION);
        assertThat(p.description()).isNotBlank();
    }

    @Test
    void everyServicesEntryOfThisModuleNamesAClassImplementingTheInterface() throws Exception {
        String resource = "META-INF/services/" + NotifierProvider.class.getName();
        List<String> lines = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources(resource))) {
            if (!url.toString().contains("/notifier/target/")) {
                continue;
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                r.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(lines::add);
            }
        }
        assertThat(lines).containsExactly(DefaultNotifierProvider.class.getName());
        for (String line : lines) {
            assertThat(NotifierProvider.class.isAssignableFrom(Class.forName(line))).as(line).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void providerCreatesWorkingChainsOfEveryKind(ChainKind kind) {
        NotifierChain<List<String>> chain = new DefaultNotifierProvider().newChain("vmap_notify_list", kind, NotifierConfig.defaults());
        assertThat(chain.kind()).isEqualTo(kind);
        assertThat(chain.name()).isEqualTo("vmap_notify_list");
        chain.register(NotifierBlock.of("a", 0, (action, log) -> {
            log.add("a");
            return Notify.OK;
        }));
        List<String> log = new ArrayList<>();
        assertThat(chain.call(0, log)).isEqualTo(Notify.OK);
        assertThat(log).containsExactly("a");
    }

    @Test
    void providerCreatesIndependentShrinkerRegistries() {
        DefaultNotifierProvider p = new DefaultNotifierProvider();
        ShrinkerRegistry a = p.newShrinkerRegistry(NotifierConfig.defaults());
        ShrinkerRegistry b = p.newShrinkerRegistry(NotifierConfig.defaults());
        assertThat(a).isNotSameAs(b);
        assertThat(a.shrinkers()).isEmpty();
        assertThat(a.shrinkSlab(12)).isZero();
    }

    @Test
    void badArgumentsAreRejected() {
        DefaultNotifierProvider p = new DefaultNotifierProvider();
        assertThatThrownBy(() -> p.newChain("", ChainKind.BLOCKING, NotifierConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.newChain("x", ChainKind.BLOCKING, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> p.newShrinkerRegistry(null)).isInstanceOf(NullPointerException.class);
    }
}
