package io.butlermqtt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/** Sends UDP datagrams from one loopback socket, as a Sense log appender does. */
public final class UdpSender implements AutoCloseable {

    private final DatagramChannel channel;

    /** Opens a socket on a free loopback port. */
    public UdpSender() {
        this("127.0.0.1");
    }

    /**
     * Opens a socket on a free port of the given local address.
     *
     * @param localHost the local address to send from
     */
    public UdpSender(String localHost) {
        try {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 1 << 20);
            channel.bind(new InetSocketAddress(localHost, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the address datagrams come from */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one datagram.
     *
     * @param to where
     * @param datagram the bytes
     */
    public void send(InetSocketAddress to, byte[] datagram) {
        try {
            int sent = channel.send(ByteBuffer.wrap(datagram), to);
            if (sent != datagram.length) {
                throw new IOException("sent " + sent + " of " + datagram.length + " bytes");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one datagram of UTF-8 text.
     *
     * @param to where
     * @param text the text
     */
    public void send(InetSocketAddress to, String text) {
        send(to, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing
        }
    }
}
