package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An image config (OCI {@code application/vnd.oci.image.config.v1+json}, Docker {@code
 * application/vnd.docker.container.image.v1+json}): platform, creation time and author, the
 * container defaults ({@link ContainerConfig}), the layers' diff ids and the history.
 *
 * <p>Fields strata does not model (Docker's {@code container}, {@code container_config}, {@code
 * docker_version}, ...) are kept in {@code extra} and written back. {@link #parse} and {@link
 * #toJson} go through {@link CanonicalJson}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageConfig(
    Instant created,
    String author,
    String architecture,
    String os,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("os.features") List<String> osFeatures,
    String variant,
    @JsonInclude(JsonInclude.Include.ALWAYS) ContainerConfig config,
    @JsonInclude(JsonInclude.Include.ALWAYS) RootFs rootfs,
    List<History> history,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public ImageConfig {
    author = Copies.emptyToNull(author);
    architecture = Copies.emptyToNull(architecture);
    os = Copies.emptyToNull(os);
    osVersion = Copies.emptyToNull(osVersion);
    osFeatures = Copies.list(osFeatures);
    variant = Copies.emptyToNull(variant);
    config = config == null ? ContainerConfig.EMPTY : config;
    rootfs = rootfs == null ? RootFs.of(List.of()) : rootfs;
    history = Copies.list(history);
    extra = Copies.extra(extra);
  }

  /** A new config for {@code platform} with no layers, no history and empty defaults. */
  public static ImageConfig empty(Platform platform) {
    return new ImageConfig(
        null,
        null,
        platform.architecture(),
        platform.os(),
        platform.osVersion(),
        platform.osFeatures(),
        platform.variant(),
        ContainerConfig.EMPTY,
        RootFs.of(List.of()),
        List.of(),
        Map.of());
  }

  public static ImageConfig parse(byte[] json, String what) {
    return CanonicalJson.read(json, ImageConfig.class, what);
  }

  public byte[] toJson() {
    return CanonicalJson.write(this);
  }

  /** The platform this config says the image is for; a missing os or architecture is "unknown". */
  public Platform platform() {
    return new Platform(
        os == null ? "unknown" : os,
        architecture == null ? "unknown" : architecture,
        variant,
        osVersion,
        osFeatures);
  }

  public List<Digest> diffIds() {
    return rootfs.diffIds();
  }

  public ImageConfig withConfig(ContainerConfig c) {
    return new ImageConfig(
        created,
        author,
        architecture,
        os,
        osVersion,
        osFeatures,
        variant,
        c,
        rootfs,
        history,
        extra);
  }

  public ImageConfig withCreated(Instant t, String by) {
    return new ImageConfig(
        t, by, architecture, os, osVersion, osFeatures, variant, config, rootfs, history, extra);
  }

  /** This config with one more layer and its history entry. */
  public ImageConfig withLayer(Digest diffId, History h) {
    List<Digest> ids = new ArrayList<>(rootfs.diffIds());
    ids.add(diffId);
    return withRootFsAndHistory(RootFs.of(ids), append(h));
  }

  /** This config with a history entry that made no layer ({@code empty_layer: true}). */
  public ImageConfig withEmptyLayerHistory(History h) {
    History entry =
        h.emptyLayer() ? h : new History(h.created(), h.author(), h.createdBy(), h.comment(), true);
    return withRootFsAndHistory(rootfs, append(entry));
  }

  /** This config without the fields strata does not model. */
  public ImageConfig withoutExtra() {
    return new ImageConfig(
        created,
        author,
        architecture,
        os,
        osVersion,
        osFeatures,
        variant,
        config.withoutExtra(),
        rootfs,
        history,
        Map.of());
  }

  private List<History> append(History h) {
    List<History> out = new ArrayList<>(history);
    out.add(h);
    return out;
  }

  private ImageConfig withRootFsAndHistory(RootFs r, List<History> h) {
    return new ImageConfig(
        created, author, architecture, os, osVersion, osFeatures, variant, config, r, h, extra);
  }
}
