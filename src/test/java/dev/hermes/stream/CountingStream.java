package dev.hermes.stream;


import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports every byte read to a listener, as a wire client does for liveness. */
final class CountingStream extends FilterInputStream {
    private final AttemptListener listener;

    CountingStream(InputStream in, AttemptListener listener) {
        super(in);
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) listener.bytesReceived(1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) listener.bytesReceived(n);
        return n;
    }
}
