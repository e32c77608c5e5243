package io.vmapkit.api.notifier;

import io.vmapkit.api.Errno;
import io.vmapkit.api.VmapException;

/**
 * A registration was refused: the same block (or shrinker) twice ({@link Errno#EEXIST}), an
 * unknown one on unregister ({@link Errno#ENOENT}), or a unique priority already taken
 * ({@link Errno#EBUSY}). The registry is left unchanged.
 */
public class RegistrationException extends VmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param errno EEXIST, ENOENT or EBUSY
     * @param message names the registry and the block
     */
    public RegistrationException(Errno errno, String message) {
        super(errno, message);
    }
}
