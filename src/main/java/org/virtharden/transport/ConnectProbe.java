package org.virtharden.transport;

import com.jcraft.jsch.SocketFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Opens the TCP connection for one JSch session and remembers how far it got, so a failure can be
 * told apart precisely: refused, unreachable, connected but silent (no SSH banner), or dropped
 * after the server had started talking.
 */
final class ConnectProbe implements SocketFactory {
    private final int connectTimeoutMillis;
    private volatile boolean tcpConnected;
    private volatile long bytesRead;
    private volatile IOException connectError;

    ConnectProbe(int connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
        } catch (IOException e) {
            connectError = e;
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing to release
            }
            throw e;
        }
        tcpConnected = true;
        return s;
    }

    @Override
    public InputStream getInputStream(Socket socket) throws IOException {
        return counting(socket.getInputStream());
    }

    @Override
    public OutputStream getOutputStream(Socket socket) throws IOException {
        return socket.getOutputStream();
    }

    /** Wraps a stream so that the bytes the server sent are counted. */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesRead++;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytesRead += n;
                }
                return n;
            }
        };
    }

    void markConnected() {
        tcpConnected = true;
    }

    boolean tcpConnected() {
        return tcpConnected;
    }

    boolean serverSpoke() {
        return bytesRead > 0;
    }

    IOException connectError() {
        return connectError;
    }
}
