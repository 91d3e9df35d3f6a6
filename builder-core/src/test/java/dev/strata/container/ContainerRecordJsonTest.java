package dev.strata.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerRecordJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRecordWrittenBeforeTypedMountsAndStartTimesStillReads() throws Exception {
    String old =
        "{\"id\":\""
            + "a".repeat(64)
            + "\",\"name\":\"old\",\"image\":\"sha256:"
            + "b".repeat(64)
            + "\",\"imageName\":\"img\",\"layers\":[],\"driver\":\"vfs\",\"executor\":\"runc\","
            + "\"network\":\"host\",\"launch\":{\"args\":[\"true\"],\"env\":[],\"workdir\":\"/\","
            + "\"user\":\"root\"},\"mounts\":[{\"volume\":true,\"source\":\"v\",\"target\":\"/v\","
            + "\"readOnly\":false,\"anonymous\":true},{\"volume\":false,\"source\":\"/h\","
            + "\"target\":\"/h\",\"readOnly\":true,\"anonymous\":false}],"
            + "\"created\":\"2026-01-01T00:00:00Z\",\"status\":\"exited\",\"exitCode\":3,\"pid\":0,"
            + "\"processPid\":0}";
    ContainerRecord r = JSON.readValue(old, ContainerRecord.class);
    assertThat(r.mounts())
        .containsExactly(
            VolumeMount.anonymous("v", "/v"),
            VolumeMount.of(VolumeMount.Type.BIND, "/h", "/h", true));
    assertThat(r.readOnly()).isFalse();
    assertThat(r.pidStartTime()).isZero();
    assertThat(r.effectiveExitCode()).isEqualTo(3);
  }

  @Test
  void aRecordRoundTripsWithEveryKindOfMount() throws Exception {
    ContainerRecord r =
        new ContainerRecord(
            "a".repeat(64),
            "c",
            "sha256:" + "b".repeat(64),
            "img",
            List.of(),
            "overlay",
            "runc",
            "none",
            new LaunchConfig(List.of("sh"), List.of("A=1"), "/", "root"),
            List.of(
                VolumeMount.anonymous("v", "/v"),
                VolumeMount.of(VolumeMount.Type.BIND, "/h", "/h", true),
                new VolumeMount(VolumeMount.Type.TMPFS, null, "/t", false, false, 1024, 0700)),
            "2026-01-01T00:00:00Z",
            "exited",
            137,
            0,
            0,
            true,
            true,
            5,
            6);
    assertThat(JSON.readValue(JSON.writeValueAsString(r), ContainerRecord.class)).isEqualTo(r);
    assertThat(JSON.writeValueAsString(r)).doesNotContain("\"volume\"");
  }
}
