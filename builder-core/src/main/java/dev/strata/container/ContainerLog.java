package dev.strata.container;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A detached container's output as one file of frames in the order they were written, each naming
 * the stream it came from, so that {@code logs} gives stdout back on stdout and stderr on stderr.
 * The frame is docker's attach framing: one byte stream (1 stdout, 2 stderr), three zero bytes, the
 * payload length as a big-endian 32-bit number, then the payload. A frame is appended with one
 * write, so a reader sees whole frames and at worst an incomplete last one, which it leaves for
 * later.
 */
public final class ContainerLog implements AutoCloseable {
  static final byte STDOUT = 1;
  static final byte STDERR = 2;
  private static final int HEADER = 8;

  private final OutputStream file;

  private ContainerLog(OutputStream file) {
    this.file = file;
  }

  /** Opens {@code log} for appending, creating it when missing. */
  public static ContainerLog append(Path log) throws IOException {
    return new ContainerLog(
        Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
  }

  /** A sink whose every write becomes one frame of stdout. */
  public OutputStream stdout() {
    return new Sink(STDOUT);
  }

  /** A sink whose every write becomes one frame of stderr. */
  public OutputStream stderr() {
    return new Sink(STDERR);
  }

  private synchronized void frame(byte stream, byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    byte[] frame = new byte[HEADER + len];
    frame[0] = stream;
    ByteBuffer.wrap(frame, 4, 4).putInt(len);
    System.arraycopy(b, off, frame, HEADER, len);
    file.write(frame);
    file.flush();
  }

  /**
   * Copies the whole frames of {@code log} from byte {@code offset} on to {@code stdout} or {@code
   * stderr} by their stream; returns the offset after the last whole frame.
   */
  public static long copy(Path log, long offset, OutputStream stdout, OutputStream stderr)
      throws IOException {
    if (!Files.exists(log)) {
      return offset;
    }
    try (FileChannel channel = FileChannel.open(log)) {
      long position = offset;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (true) {
        header.clear();
        if (channel.read(header, position) < HEADER) {
          return position;
        }
        int length = header.getInt(4);
        ByteBuffer payload = ByteBuffer.allocate(length);
        if (channel.read(payload, position + HEADER) < length) {
          return position;
        }
        OutputStream to = header.get(0) == STDERR ? stderr : stdout;
        to.write(payload.array(), 0, length);
        to.flush();
        position += HEADER + length;
      }
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  private final class Sink extends OutputStream {
    private final byte stream;

    Sink(byte stream) {
      this.stream = stream;
    }

    @Override
    public void write(int b) throws IOException {
      frame(stream, new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      frame(stream, b, off, len);
    }
  }
}
