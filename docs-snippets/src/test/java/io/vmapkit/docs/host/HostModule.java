package io.vmapkit.docs.host;

import com.google.inject.AbstractModule;

/** The host application's Guice module: it binds its own services. */
final class HostModule extends AbstractModule {

    @Override
    protected void configure() {
        binder().requireExplicitBindings(); // VmapKitModule works with and without these two
        binder().disableCircularProxies();
        bind(BufferService.class);
    }
}
