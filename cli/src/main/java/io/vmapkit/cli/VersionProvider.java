package io.vmapkit.cli;

import io.vmapkit.api.VmapApi;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code vmapkit --version} and every subcommand's {@code -V}/{@code --version}: the build's version
 * (from the jar manifest) and the api version. Stateless.
 */
public final class VersionProvider implements IVersionProvider {

    /** For picocli. */
    public VersionProvider() {}

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "vmapkit " + (v == null ? "(development build)" : v) + ", api " + VmapApi.VERSION,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
