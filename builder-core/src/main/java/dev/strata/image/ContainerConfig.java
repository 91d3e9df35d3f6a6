package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The defaults for a container run from the image: the {@code config} object of the image config,
 * with Docker's field names ({@code User}, {@code Env}, {@code Cmd}, {@code Healthcheck}, {@code
 * OnBuild}, ...). {@code ExposedPorts} and {@code Volumes} are sets (written as Docker's objects of
 * empty objects); empty fields are omitted when written. Fields strata does not model (Docker's
 * legacy {@code Hostname}, {@code Image}, {@code AttachStdin}, ...) are kept in {@code extra}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerConfig(
    @JsonProperty("User") String user,
    @JsonProperty("ExposedPorts")
        @JsonSerialize(using = JsonCodecs.KeySetSerializer.class)
        @JsonDeserialize(using = JsonCodecs.KeySetDeserializer.class)
        Set<String> exposedPorts,
    @JsonProperty("Env") List<String> env,
    @JsonProperty("Entrypoint") List<String> entrypoint,
    @JsonProperty("Cmd") List<String> cmd,
    @JsonProperty("Volumes")
        @JsonSerialize(using = JsonCodecs.KeySetSerializer.class)
        @JsonDeserialize(using = JsonCodecs.KeySetDeserializer.class)
        Set<String> volumes,
    @JsonProperty("WorkingDir") String workingDir,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("StopSignal") String stopSignal,
    @JsonProperty("Healthcheck") Healthcheck healthcheck,
    @JsonProperty("Shell") List<String> shell,
    @JsonProperty("OnBuild") List<String> onBuild,
    @JsonProperty("ArgsEscaped") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean argsEscaped,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public static final ContainerConfig EMPTY = builder().build();

  public ContainerConfig {
    user = Copies.emptyToNull(user);
    exposedPorts = Copies.set(exposedPorts);
    env = Copies.list(env);
    entrypoint = Copies.list(entrypoint);
    cmd = Copies.list(cmd);
    volumes = Copies.set(volumes);
    workingDir = Copies.emptyToNull(workingDir);
    labels = Copies.map(labels);
    stopSignal = Copies.emptyToNull(stopSignal);
    shell = Copies.list(shell);
    onBuild = Copies.list(onBuild);
    extra = Copies.extra(extra);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.user = user;
    b.exposedPorts.addAll(exposedPorts);
    b.env.addAll(env);
    b.entrypoint = entrypoint;
    b.cmd = cmd;
    b.volumes.addAll(volumes);
    b.workingDir = workingDir;
    b.labels.putAll(labels);
    b.stopSignal = stopSignal;
    b.healthcheck = healthcheck;
    b.shell = shell;
    b.onBuild.addAll(onBuild);
    b.argsEscaped = argsEscaped;
    b.extra.putAll(extra);
    return b;
  }

  /** This config without the fields strata does not model. */
  public ContainerConfig withoutExtra() {
    Builder b = toBuilder();
    b.extra.clear();
    return b.build();
  }

  /**
   * The value of {@code name} in {@code Env} ({@code NAME=value} entries), or null when unset.
   * Docker keeps the last entry when a name repeats.
   */
  public String envValue(String name) {
    String prefix = name + "=";
    String value = null;
    for (String e : env) {
      if (e.startsWith(prefix)) {
        value = e.substring(prefix.length());
      }
    }
    return value;
  }

  /** Collects the changes a build makes to a config, one instruction at a time. */
  public static final class Builder {
    private String user;
    private final Set<String> exposedPorts = new TreeSet<>();
    private final List<String> env = new ArrayList<>();
    private List<String> entrypoint = List.of();
    private List<String> cmd = List.of();
    private final Set<String> volumes = new TreeSet<>();
    private String workingDir;
    private final Map<String, String> labels = new TreeMap<>();
    private String stopSignal;
    private Healthcheck healthcheck;
    private List<String> shell = List.of();
    private final List<String> onBuild = new ArrayList<>();
    private boolean argsEscaped;
    private final Map<String, JsonNode> extra = new LinkedHashMap<>();

    private Builder() {}

    public Builder user(String v) {
      user = v;
      return this;
    }

    public Builder exposePort(String portAndProtocol) {
      exposedPorts.add(portAndProtocol);
      return this;
    }

    /** Sets {@code name} in {@code Env}, replacing an earlier entry in place as Docker does. */
    public Builder env(String name, String value) {
      String entry = name + "=" + value;
      for (int i = 0; i < env.size(); i++) {
        if (env.get(i).startsWith(name + "=")) {
          env.set(i, entry);
          return this;
        }
      }
      env.add(entry);
      return this;
    }

    public Builder envList(List<String> entries) {
      env.clear();
      env.addAll(entries);
      return this;
    }

    public Builder entrypoint(List<String> v) {
      entrypoint = v;
      return this;
    }

    public Builder cmd(List<String> v) {
      cmd = v;
      return this;
    }

    public Builder volume(String path) {
      volumes.add(path);
      return this;
    }

    public Builder workingDir(String v) {
      workingDir = v;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder stopSignal(String v) {
      stopSignal = v;
      return this;
    }

    public Builder healthcheck(Healthcheck v) {
      healthcheck = v;
      return this;
    }

    public Builder shell(List<String> v) {
      shell = v;
      return this;
    }

    public Builder onBuild(String trigger) {
      onBuild.add(trigger);
      return this;
    }

    /** Replaces the triggers: a child build consumes its parent's ONBUILD list. */
    public Builder onBuildList(List<String> triggers) {
      onBuild.clear();
      onBuild.addAll(triggers);
      return this;
    }

    public Builder argsEscaped(boolean v) {
      argsEscaped = v;
      return this;
    }

    public Builder extra(String name, JsonNode value) {
      extra.put(name, value);
      return this;
    }

    public ContainerConfig build() {
      return new ContainerConfig(
          user,
          exposedPorts,
          env,
          entrypoint,
          cmd,
          volumes,
          workingDir,
          labels,
          stopSignal,
          healthcheck,
          shell,
          onBuild,
          argsEscaped,
          extra);
    }
  }
}
