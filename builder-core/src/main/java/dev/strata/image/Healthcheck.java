package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.List;

/**
 * A HEALTHCHECK as Docker stores it in the image config: {@code Test} is {@code ["NONE"]}, {@code
 * ["CMD", args...]} or {@code ["CMD-SHELL", command]} (empty means inherit); durations are written
 * as integer nanoseconds and a null duration or zero retries means "use the default".
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Healthcheck(
    @JsonProperty("Test") List<String> test,
    @JsonProperty("Interval")
        @JsonSerialize(using = JsonCodecs.NanosSerializer.class)
        @JsonDeserialize(using = JsonCodecs.NanosDeserializer.class)
        Duration interval,
    @JsonProperty("Timeout")
        @JsonSerialize(using = JsonCodecs.NanosSerializer.class)
        @JsonDeserialize(using = JsonCodecs.NanosDeserializer.class)
        Duration timeout,
    @JsonProperty("StartPeriod")
        @JsonSerialize(using = JsonCodecs.NanosSerializer.class)
        @JsonDeserialize(using = JsonCodecs.NanosDeserializer.class)
        Duration startPeriod,
    @JsonProperty("StartInterval")
        @JsonSerialize(using = JsonCodecs.NanosSerializer.class)
        @JsonDeserialize(using = JsonCodecs.NanosDeserializer.class)
        Duration startInterval,
    @JsonProperty("Retries") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int retries) {

  public Healthcheck {
    test = Copies.list(test);
  }

  /** {@code HEALTHCHECK NONE}: disables a check inherited from the base image. */
  public static Healthcheck none() {
    return new Healthcheck(List.of("NONE"), null, null, null, null, 0);
  }

  public boolean disabled() {
    return test.size() == 1 && "NONE".equals(test.get(0));
  }
}
