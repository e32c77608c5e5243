package io.vmapkit.cli;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The scenario files of the cli's tests, as paths for {@code --scenario}: {@link #CHURN} runs the
 * test plugin {@code churn} under policies named like i915's, each a setting of churn itself (a
 * plugin receives only its own settings).
 */
public final class TestScenarios {

    /** {@code scenarios/churn.yaml} of the test resources. */
    public static final String CHURN = path("scenarios/churn.yaml");

    /**
     * {@code scenarios/layout.yaml}: the generic plugin's shipped vmallocinfo snapshot as the initial
     * layout, then churn, on x86_64.
     */
    public static final String LAYOUT = path("scenarios/layout.yaml");

    private TestScenarios() {}

    static String path(String resource) {
        URL url = TestScenarios.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("test resource " + resource + " is missing");
        }
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
