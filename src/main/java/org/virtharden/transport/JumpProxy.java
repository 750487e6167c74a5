package org.virtharden.transport;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Carries a JSch session through a {@code direct-tcpip} channel of an authenticated jump-host
 * session (what OpenSSH's ProxyJump does). The target's host key is still checked end to end: the
 * jump only relays encrypted bytes.
 */
final class JumpProxy implements Proxy {
    private final Session jump;
    private final ConnectProbe probe;
    private volatile Channel channel;
    private InputStream in;
    private OutputStream out;

    JumpProxy(Session jump, ConnectProbe probe) {
        this.jump = jump;
        this.probe = probe;
    }

    @Override
    public void connect(SocketFactory ignored, String host, int port, int timeout) throws Exception {
        Channel ch = jump.getStreamForwarder(host, port);
        channel = ch;
        in = probe.counting(ch.getInputStream());
        out = ch.getOutputStream();
        ch.connect(timeout);
        probe.markConnected();
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    /** No socket: JSch then sets no read timeout, so {@link SshTransport} guards the handshake itself. */
    @Override
    public Socket getSocket() {
        return null;
    }

    @Override
    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.disconnect();
        }
    }
}
