package org.virtharden.scan;

import org.virtharden.model.HostConfig;
import org.virtharden.transport.Transport;
import org.virtharden.transport.TransportException;

/** Opens a transport to a configured host (SSH, or local for the machine the app runs on). */
@FunctionalInterface
public interface TransportFactory {
    Transport open(HostConfig host) throws TransportException;
}
