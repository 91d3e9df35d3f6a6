package dev.strata.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.cache.CacheIndex;
import dev.strata.fs.Syscalls;
import dev.strata.fs.TreeDeletion;
import dev.strata.image.CanonicalJson;
import dev.strata.image.Descriptor;
import dev.strata.image.History;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageReference;
import dev.strata.image.Platform;
import dev.strata.layer.LayerApplier;
import dev.strata.registry.Puller;
import dev.strata.registry.Pusher;
import dev.strata.registry.RegistryClient;
import dev.strata.store.BlobSource;
import dev.strata.store.CheckReport;
import dev.strata.store.ImageEntry;
import dev.strata.store.ImageNotFoundException;
import dev.strata.store.ImageRemoval;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import dev.strata.store.StoreRoot;
import dev.strata.store.archive.ArchiveFormat;
import dev.strata.store.archive.ImageLoader;
import dev.strata.store.archive.ImageSaver;
import dev.strata.store.archive.RootfsImporter;
import dev.strata.store.archive.SaveItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The images of one store, for front ends and Java users: import, load, save, list, tag, remove,
 * inspect, history, disk usage and checking. Open it on a store root, use it, close it. Names are
 * given as users type them ({@code app}, {@code app:1.0}, {@code sha256:...}, an id prefix); values
 * come back as records of JDK types. Every user error is a {@link StrataException} with a one-line
 * message; the store is left as it was.
 */
public final class Images implements AutoCloseable {
  /** Made on first use: only inspect needs it, and building should not pay for it. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final Store store;
  private final Platform platform;

  private Images(Store store) {
    this.store = store;
    this.platform = Platform.host();
  }

  /** Opens (creating if needed) the store at {@code root}. */
  public static Images open(Path root) {
    Store store = Store.open(root);
    // The build cache's entries are garbage-collection roots and part of system check: register
    // them before anything here collects or checks.
    CacheIndex.open(store);
    return new Images(store);
  }

  /**
   * The store root to use: {@code flag} (the {@code --root} option) when given, else {@code
   * STRATA_ROOT}, else {@code /var/lib/strata} for root and {@code $XDG_DATA_HOME/strata} for other
   * users.
   */
  public static Path resolveRoot(Path flag) {
    // With --root, whether this process is root does not matter; asking loads the native-call
    // library, a tenth of a second that a push or pull to a given root never needs otherwise.
    boolean isRoot = flag == null && Syscalls.isRoot();
    return StoreRoot.resolve(Optional.ofNullable(flag), System.getenv(), isRoot);
  }

  /** Where the store lives. */
  public Path root() {
    return store.root();
  }

  /**
   * {@code strata import}: the rootfs tarball {@code file} (tar, tar.gz or tar.zst) becomes a
   * one-layer image named {@code name} ({@code :latest} when it has no tag).
   */
  public LoadedImage importTarball(Path file, String name) {
    ImageReference ref = parseName(name);
    return io(
        () -> {
          Instant created = sourceDateEpoch().orElse(Instant.now());
          return view(
              new RootfsImporter(store)
                  .importTarball(file, ref, new RootfsImporter.Options(created, platform)));
        });
  }

  /** {@code strata load}: every image of an OCI layout, OCI archive or docker-archive. */
  public List<LoadedImage> load(Path path) {
    return io(() -> new ImageLoader(store).load(path).stream().map(Images::view).toList());
  }

  /**
   * {@code strata save}: writes {@code images} (names or ids) to {@code path} as {@code format}
   * ({@code oci}, {@code oci-archive} or {@code docker}). A name is saved with its name; an id
   * without one.
   */
  public void save(String format, Path path, List<String> images) {
    ArchiveFormat f = ArchiveFormat.parse(format);
    io(
        () -> {
          List<SaveItem> items = new ArrayList<>();
          for (String image : images) {
            Digest id = store.images().resolve(image);
            items.add(new SaveItem(id, savedName(image, id)));
          }
          new ImageSaver(store).save(f, path, items);
          return null;
        });
  }

  /**
   * {@code --output type=local,dest=DIR}: the image's root file system, every layer applied in
   * order (whiteouts honoured, every path confined to the directory), written into {@code dest},
   * which must not exist yet or be empty. The tree is assembled beside it and renamed into place,
   * so a failure leaves no half-written directory.
   */
  public void exportRootfs(String image, Path dest) {
    io(
        () -> {
          Path target = dest.toAbsolutePath().normalize();
          if (Files.exists(target)) {
            try (var entries = Files.list(target)) {
              if (entries.findAny().isPresent()) {
                throw new StrataException("cannot export to " + dest + ": it is not empty");
              }
            }
            Files.delete(target);
          }
          Files.createDirectories(target.getParent());
          Path staging = Files.createTempDirectory(target.getParent(), ".strata-export-");
          try {
            Digest id = store.images().resolve(image);
            ResolvedImage resolved = ResolvedImage.read(store.blobs(), id, Platform.host());
            LayerApplier applier = new LayerApplier();
            for (Descriptor layer : resolved.manifest().layers()) {
              try (InputStream in = store.blobs().open(layer.digest())) {
                applier.apply(in, staging, layer.digest().shortId());
              }
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException | RuntimeException e) {
            TreeDeletion.delete(staging);
            throw e;
          }
          return null;
        });
  }

  /**
   * {@code strata pull}: the image {@code reference} names ({@code :latest} when it has neither tag
   * nor digest), for {@code platform} ({@code os/arch[/variant]}, default the host's) when it is a
   * multi-platform index, verified and recorded under its name. Progress lines go to {@code log}.
   */
  public LoadedImage pull(
      String reference,
      Optional<String> platform,
      RegistrySettings registry,
      Consumer<String> log) {
    ImageReference ref = ImageReference.parse(reference);
    Platform p = platform.map(Platform::parse).orElse(this.platform);
    return view(new Puller(store, new RegistryClient(registry.options())).pull(ref, p, log));
  }

  /**
   * {@code strata push}: uploads the image {@code image} names to {@code destination} (default:
   * {@code image} itself, which must then be a name); returns the pushed manifest digest.
   */
  public String push(
      String image, Optional<String> destination, RegistrySettings registry, Consumer<String> log) {
    String dest = destination.orElse(image);
    if (!ImageReference.isValid(dest)) {
      throw new StrataException(
          "cannot push " + image + ": give a destination name, [registry/]name[:tag]");
    }
    ImageReference ref = ImageReference.parse(dest);
    Digest id = io(() -> store.images().resolve(image));
    return new Pusher(store, new RegistryClient(registry.options())).push(id, ref, log).toString();
  }

  /** The name {@code text} gives an image, or null when it is an id (or a digest reference). */
  private ImageReference savedName(String text, Digest id) throws IOException {
    if (!ImageReference.isValid(text)) {
      return null;
    }
    ImageReference ref = ImageReference.parse(text).withDefaultTag();
    if (ref.tag() == null) {
      return null;
    }
    Optional<Digest> named = store.images().lookup(ref);
    return named.isPresent() && named.get().equals(id) ? ref : null;
  }

  /** {@code strata images}: one row per name (one for an unnamed image), newest first. */
  public List<ImageSummary> list() {
    return io(
        () -> {
          List<ImageSummary> rows = new ArrayList<>();
          for (ImageEntry e : store.images().list()) {
            Optional<ResolvedImage> r = resolved(e.id());
            Instant created = r.map(i -> i.config().created()).orElse(null);
            long size = r.map(this::size).orElse(0L);
            if (e.references().isEmpty()) {
              rows.add(
                  new ImageSummary(
                      e.id().toString(), ImageSummary.NONE, ImageSummary.NONE, created, size));
            }
            for (ImageReference ref : e.references()) {
              rows.add(
                  new ImageSummary(
                      e.id().toString(),
                      ref.name().familiar(),
                      ref.tag() == null ? ImageSummary.NONE : ref.tag(),
                      created,
                      size));
            }
          }
          rows.sort(
              Comparator.comparing(
                      ImageSummary::created, Comparator.nullsLast(Comparator.reverseOrder()))
                  .thenComparing(ImageSummary::repository)
                  .thenComparing(ImageSummary::tag));
          return rows;
        });
  }

  /** {@code strata tag}: points {@code target} at the image {@code source} names. */
  public void tag(String source, String target) {
    ImageReference ref = parseName(target);
    io(
        () -> {
          store.images().tag(ref, store.images().resolve(source));
          return null;
        });
  }

  /**
   * {@code strata rmi}: removes one image as {@code docker rmi} does and returns what it did, one
   * line each: {@code Untagged: app:1.0}, {@code Deleted: sha256:...}. An image with several names
   * named by id is removed only with {@code force}.
   */
  public List<String> remove(String image, boolean force) {
    return io(
        () -> {
          ImageRemoval r = store.images().remove(image, force);
          List<String> lines = new ArrayList<>();
          r.untagged().forEach(ref -> lines.add("Untagged: " + ref.familiar()));
          r.deleted().forEach(d -> lines.add("Deleted: " + d));
          return lines;
        });
  }

  /** {@code strata inspect}: the details of the image {@code image} names. */
  public ImageDetails inspect(String image) {
    return io(
        () -> {
          Digest id = store.images().resolve(image);
          ImageEntry e =
              store.images().get(id).orElseThrow(() -> new ImageNotFoundException(image));
          ResolvedImage r = ResolvedImage.read(store.blobs(), id, platform);
          ImageConfig c = r.config();
          List<String> tags = new ArrayList<>();
          Set<String> digests = new LinkedHashSet<>();
          for (ImageReference ref : e.references()) {
            if (ref.tag() != null) {
              tags.add(ref.familiar());
            }
            digests.add(ref.name().familiar() + "@" + id);
          }
          Map<String, Object> config =
              Json.MAPPER.readValue(
                  CanonicalJson.write(c.config()), new TypeReference<Map<String, Object>>() {});
          return new ImageDetails(
              id.toString(),
              tags,
              List.copyOf(digests),
              c.created(),
              c.author(),
              comment(c),
              config,
              c.architecture(),
              c.variant(),
              c.os(),
              size(r),
              c.diffIds().stream().map(Digest::toString).toList());
        });
  }

  private static String comment(ImageConfig c) {
    var node = c.extra().get("comment");
    return node != null && node.isTextual() ? node.asText() : "";
  }

  /**
   * {@code strata history}: the image's history, newest first; each step that made a layer carries
   * that layer's stored size.
   */
  public List<HistoryEntry> history(String image) {
    return io(
        () -> {
          Digest id = store.images().resolve(image);
          ResolvedImage r = ResolvedImage.read(store.blobs(), id, platform);
          List<Descriptor> layers = r.manifest().layers();
          List<History> steps = r.config().history();
          List<HistoryEntry> out = new ArrayList<>();
          int layer = 0;
          if (steps.isEmpty()) {
            // No recorded history: one anonymous step per layer, as docker shows it.
            for (Descriptor d : layers) {
              out.add(new HistoryEntry(HistoryEntry.MISSING, null, "", d.size(), "", false));
            }
          }
          for (History h : steps) {
            long size = 0;
            if (!h.emptyLayer() && layer < layers.size()) {
              size = layers.get(layer++).size();
            }
            out.add(
                new HistoryEntry(
                    HistoryEntry.MISSING,
                    h.created(),
                    h.createdBy() == null ? "" : h.createdBy(),
                    size,
                    h.comment() == null ? "" : h.comment(),
                    h.emptyLayer()));
          }
          List<HistoryEntry> newestFirst = new ArrayList<>();
          for (int i = out.size() - 1; i >= 0; i--) {
            HistoryEntry h = out.get(i);
            String shown = i == out.size() - 1 ? id.toString() : HistoryEntry.MISSING;
            newestFirst.add(
                new HistoryEntry(
                    shown, h.created(), h.createdBy(), h.size(), h.comment(), h.emptyLayer()));
          }
          return newestFirst;
        });
  }

  /**
   * {@code strata system df}: images, containers, local volumes and build cache. strata has no
   * containers of its own yet, so no image counts as in use: every image is reclaimable, as docker
   * reports images no container uses.
   */
  public DiskUsageReport diskUsage(boolean verbose) {
    return io(() -> new DiskUsageSurvey(store).survey(verbose));
  }

  /** {@code strata system check}: checks the whole store and, with {@code repair}, fixes it. */
  public CheckResult check(boolean repair) {
    return io(
        () -> {
          CheckReport r = store.check(repair);
          int repaired = (int) r.findings().stream().filter(CheckReport.Finding::repaired).count();
          return new CheckResult(
              r.findings().stream().map(CheckReport.Finding::toString).toList(),
              repaired,
              r.blobsChecked(),
              r.imagesChecked(),
              r.layersChecked());
        });
  }

  private Optional<ResolvedImage> resolved(Digest id) throws IOException {
    try {
      return Optional.of(ResolvedImage.read(store.blobs(), id, platform));
    } catch (StrataException e) {
      return Optional.empty(); // incomplete or damaged: system check reports it
    }
  }

  /** Config and layer blobs as stored. */
  private long size(ResolvedImage r) {
    BlobSource blobs = store.blobs();
    long total = r.manifest().config().size();
    for (Descriptor d : r.manifest().layers()) {
      total += blobs.exists(d.digest()) ? d.size() : 0;
    }
    return total;
  }

  private static LoadedImage view(dev.strata.store.archive.LoadedImage image) {
    return new LoadedImage(
        image.id().toString(), image.names().stream().map(ImageReference::familiar).toList());
  }

  private static ImageReference parseName(String name) {
    ImageReference ref = ImageReference.parse(name).withDefaultTag();
    if (ref.tag() == null) {
      throw new StrataException(
          "invalid image name \"" + name + "\": give a name and a tag, not a digest");
    }
    return ref;
  }

  /** SOURCE_DATE_EPOCH, when set, fixes the creation time of what strata makes. */
  private static Optional<Instant> sourceDateEpoch() {
    String v = System.getenv("SOURCE_DATE_EPOCH");
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(v.trim())));
    } catch (NumberFormatException e) {
      throw new StrataException("invalid SOURCE_DATE_EPOCH \"" + v + "\": want seconds since 1970");
    }
  }

  private interface Work<T> {
    T run() throws IOException;
  }

  /** Runs store work; an I/O failure becomes a one-line error naming the store. */
  private <T> T io(Work<T> work) {
    try {
      return work.run();
    } catch (IOException e) {
      String m = e.getMessage();
      String reason =
          e instanceof java.nio.file.NoSuchFileException
              ? "no such file or directory: " + m
              : e instanceof java.nio.file.AccessDeniedException
                  ? "permission denied: " + m
                  : m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s*\\n\\s*", " ");
      throw new StrataException("store at " + store.root() + ": " + reason, e);
    }
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
