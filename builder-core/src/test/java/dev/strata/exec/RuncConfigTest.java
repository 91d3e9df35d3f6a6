package dev.strata.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuncConfigTest {
  static final CgroupHost V1_ALL =
      new CgroupHost(CgroupHost.Mode.V1, Set.of("devices", "memory", "pids"));
  static final CgroupHost V1_BARE = new CgroupHost(CgroupHost.Mode.V1, Set.of("cpu"));
  static final CgroupHost V2 = new CgroupHost(CgroupHost.Mode.V2, Set.of("memory"));
  static final CgroupHost NONE = new CgroupHost(CgroupHost.Mode.NONE, Set.of());

  @TempDir Path tmp;
  Path rootfs;
  Path runDir;
  final List<PreparedRun> prepared = new ArrayList<>();

  @BeforeEach
  void dirs() throws Exception {
    rootfs = BusyboxRootfs.full(Files.createDirectories(tmp.resolve("rootfs")));
    runDir = Files.createDirectories(tmp.resolve("run"));
  }

  @AfterEach
  void release() {
    prepared.forEach(PreparedRun::release);
  }

  JsonNode config(ProcessSpec spec, CgroupHost cgroups) {
    PreparedRun run = PreparedRun.prepare(spec, rootfs, runDir);
    prepared.add(run);
    ObjectNode n = RuncConfig.build(run, cgroups);
    return n;
  }

  static ProcessSpec.Builder spec() {
    return ProcessSpec.builder(List.of("sh", "-c", "true")).env(List.of("PATH=/bin", "HOME=/"));
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.path("type").asText()));
    return out;
  }

  @Test
  void processFieldsComeFromTheSpec() {
    JsonNode c =
        config(
            spec()
                .cwd("/tmp")
                .user(new ProcessUser(1000, 50, List.of(10L)))
                .hostname("box")
                .readOnlyRootfs(true)
                .build(),
            V1_ALL);
    assertThat(c.path("ociVersion").asText()).isEqualTo("1.0.2");
    JsonNode p = c.path("process");
    assertThat(p.path("terminal").asBoolean(true)).isFalse();
    assertThat(texts(p.path("args"))).containsExactly("sh", "-c", "true");
    assertThat(texts(p.path("env"))).containsExactly("PATH=/bin", "HOME=/");
    assertThat(p.path("cwd").asText()).isEqualTo("/tmp");
    assertThat(p.path("user").path("uid").asLong()).isEqualTo(1000);
    assertThat(p.path("user").path("gid").asLong()).isEqualTo(50);
    assertThat(p.path("user").path("additionalGids").get(0).asLong()).isEqualTo(10);
    assertThat(p.path("noNewPrivileges").asBoolean(true)).isFalse();
    assertThat(p.path("rlimits").get(0).path("type").asText()).isEqualTo("RLIMIT_NOFILE");
    assertThat(c.path("hostname").asText()).isEqualTo("box");
    assertThat(c.path("root").path("path").asText()).isEqualTo(rootfs.toString());
    assertThat(c.path("root").path("readonly").asBoolean()).isTrue();
  }

  @Test
  void rootHasDockersCapabilitiesOthersOnlyTheBoundingSet() {
    JsonNode root = config(spec().build(), V1_ALL).path("process").path("capabilities");
    assertThat(texts(root.path("effective")))
        .containsExactlyElementsOf(RuncConfig.DEFAULT_CAPABILITIES);
    assertThat(texts(root.path("permitted")))
        .containsExactlyElementsOf(RuncConfig.DEFAULT_CAPABILITIES);
    assertThat(texts(root.path("bounding")))
        .containsExactlyElementsOf(RuncConfig.DEFAULT_CAPABILITIES);
    JsonNode app =
        config(spec().user(new ProcessUser(1000, 1000, List.of())).build(), V1_ALL)
            .path("process")
            .path("capabilities");
    assertThat(app.has("effective")).isFalse();
    assertThat(app.has("permitted")).isFalse();
    assertThat(texts(app.path("bounding")))
        .containsExactlyElementsOf(RuncConfig.DEFAULT_CAPABILITIES);
  }

  @Test
  void namespacesFollowTheNetworkModeAndCgroupVersion() {
    assertThat(texts(config(spec().build(), V1_ALL).path("linux").path("namespaces")))
        .containsExactly("pid", "ipc", "uts", "mount");
    assertThat(
            texts(
                config(spec().network(NetworkMode.NONE).build(), V2)
                    .path("linux")
                    .path("namespaces")))
        .containsExactly("pid", "ipc", "uts", "mount", "network", "cgroup");
  }

  @Test
  void mountsAreDockersThenTheSpecsThenTheEtcFiles() {
    Path data = tmp.resolve("run");
    JsonNode mounts =
        config(
                spec()
                    .mount(new MountSpec.Bind(data, "/data", true))
                    .mount(new MountSpec.Tmpfs("/scratch", 1024, 0700))
                    .build(),
                V1_ALL)
            .path("mounts");
    List<String> destinations = new ArrayList<>();
    mounts.forEach(m -> destinations.add(m.path("destination").asText()));
    assertThat(destinations)
        .containsExactly(
            "/proc",
            "/dev",
            "/dev/pts",
            "/dev/shm",
            "/dev/mqueue",
            "/sys",
            "/sys/fs/cgroup",
            "/data",
            "/scratch",
            "/etc/hosts",
            "/etc/resolv.conf");
    assertThat(texts(mounts.get(7).path("options"))).contains("rbind", "ro");
    assertThat(mounts.get(7).path("source").asText()).isEqualTo(data.toString());
    assertThat(texts(mounts.get(8).path("options"))).contains("mode=700", "size=1024");
    assertThat(texts(mounts.get(9).path("options"))).contains("ro");
    assertThat(mounts.get(9).path("source").asText()).isEqualTo(runDir.resolve("hosts").toString());
  }

  @Test
  void maskedAndReadonlyPathsAreDockers() {
    JsonNode linux = config(spec().build(), V1_ALL).path("linux");
    assertThat(texts(linux.path("maskedPaths"))).contains("/proc/kcore", "/sys/firmware");
    assertThat(texts(linux.path("readonlyPaths"))).contains("/proc/sys", "/proc/sysrq-trigger");
  }

  @Test
  void limitsAreLeftOutWhereTheHostCannotEnforceThem() {
    ProcessSpec limited =
        spec().resources(new ResourceLimits(OptionalLong.of(1 << 20), OptionalLong.of(10))).build();
    JsonNode all = config(limited, V1_ALL).path("linux").path("resources");
    assertThat(all.path("memory").path("limit").asLong()).isEqualTo(1 << 20);
    assertThat(all.path("pids").path("limit").asLong()).isEqualTo(10);
    assertThat(all.path("devices").get(0).path("allow").asBoolean(true)).isFalse();

    JsonNode bare = config(limited, V1_BARE).path("linux");
    assertThat(bare.has("resources")).isFalse();
    assertThat(config(limited, NONE).path("mounts").toString()).doesNotContain("cgroup");
    JsonNode v2 = config(limited, V2).path("linux").path("resources");
    assertThat(v2.has("memory")).isTrue();
    assertThat(v2.has("pids")).isFalse();
    assertThat(v2.has("devices")).isTrue();
  }
}
