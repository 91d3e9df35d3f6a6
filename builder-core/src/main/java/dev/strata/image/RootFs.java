package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.Digest;
import dev.strata.StrataException;
import java.util.List;

/**
 * The image's root filesystem: the diff ids (sha256 of each uncompressed layer tar), base first.
 * The type is always {@code layers}.
 */
public record RootFs(
    @JsonProperty("type") String type,
    @JsonProperty("diff_ids") @JsonInclude(JsonInclude.Include.ALWAYS) List<Digest> diffIds) {
  public static final String LAYERS = "layers";

  public RootFs {
    type = type == null ? LAYERS : type;
    if (!LAYERS.equals(type)) {
      throw new StrataException("unsupported rootfs type \"" + type + "\" (want layers)");
    }
    diffIds = Copies.list(diffIds);
  }

  public static RootFs of(List<Digest> diffIds) {
    return new RootFs(LAYERS, diffIds);
  }
}
