package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One entry of an image's history: the instruction that made a layer ({@code emptyLayer} false) or
 * changed only the config ({@code emptyLayer} true).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record History(
    Instant created,
    String author,
    @JsonProperty("created_by") String createdBy,
    String comment,
    @JsonProperty("empty_layer") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean emptyLayer) {

  public History {
    author = Copies.emptyToNull(author);
    createdBy = Copies.emptyToNull(createdBy);
    comment = Copies.emptyToNull(comment);
  }
}
