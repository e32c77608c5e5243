/** Plugin classes that tests list in services files of temporary class loaders and jars. */
package io.vmapkit.runtime.testplugins;
