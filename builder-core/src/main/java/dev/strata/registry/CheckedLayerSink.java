package dev.strata.registry;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.Descriptor;
import dev.strata.store.BlobSink;
import dev.strata.store.Ingest;
import dev.strata.store.archive.LayerProof;
import dev.strata.store.archive.StreamedLayerCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Where a pull streams a layer: into the store, and at the same time into a {@link
 * StreamedLayerCheck} against the diff id the image config lists, so that the layer is proven as it
 * arrives rather than read again after. A commit verifies size and digest first (a wrong blob is
 * reported as such), then the layer; the proof goes to {@code proven}. Each {@link #ingest()} (a
 * download that starts over) gets a check of its own.
 */
final class CheckedLayerSink implements BlobSink {
  private final BlobSink target;
  private final Descriptor layer;
  private final Digest diffId;
  private final String where;
  private final Consumer<LayerProof> proven;

  CheckedLayerSink(
      BlobSink target, Descriptor layer, Digest diffId, String where, Consumer<LayerProof> proven) {
    this.target = target;
    this.layer = layer;
    this.diffId = diffId;
    this.where = where;
    this.proven = proven;
  }

  @Override
  public Ingest ingest() throws IOException {
    Ingest inner = target.ingest();
    StreamedLayerCheck check =
        StreamedLayerCheck.start(layer.digest(), layer.mediaType(), diffId, where);
    return new CheckedIngest(inner, check);
  }

  private final class CheckedIngest implements Ingest {
    private final Ingest inner;
    private final StreamedLayerCheck check;
    private final OutputStream tee;

    CheckedIngest(Ingest inner, StreamedLayerCheck check) {
      this.inner = inner;
      this.check = check;
      this.tee =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              inner.stream().write(b);
              check.stream().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              inner.stream().write(b, off, len);
              check.stream().write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
              inner.stream().flush();
            }
          };
    }

    @Override
    public OutputStream stream() {
      return tee;
    }

    @Override
    public long written() {
      return inner.written();
    }

    @Override
    public Digest commit(long expectedSize, Digest expected) throws IOException {
      LayerProof proof = null;
      Exception failed = null;
      try {
        proof = check.finish();
      } catch (StrataException | IOException e) {
        failed = e;
      }
      // Size and digest first: bytes that are not the blob are reported as that, not as a bad
      // layer. A blob that is right but a bad layer is committed unreferenced, and the failed
      // pull hands it back to the collector, as it does every blob it added.
      Digest d = inner.commit(expectedSize, expected);
      if (failed instanceof StrataException s) {
        throw s;
      }
      if (failed instanceof IOException io) {
        throw io;
      }
      proven.accept(proof);
      return d;
    }

    @Override
    public void close() throws IOException {
      check.close();
      inner.close();
    }
  }
}
