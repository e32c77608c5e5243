package io.vmapkit.runtime.testplugins;

/** Listed in a services file for VmapPlugin, but does not implement it. */
public class NotAPlugin {
}
