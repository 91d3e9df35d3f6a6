package dev.strata.dockerfile.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.dockerfile.DockerfileSyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code RUN --mount} values: structure checked at parse time, values when resolved. */
class RunMountTest {
  private static Mount resolve(String spec) {
    return new RunMount(spec, "Dockerfile", 7).resolve(UnaryOperator.identity());
  }

  @Test
  void bindIsTheDefaultTypeAndReadOnlyByDefault() {
    Mount m = resolve("target=/src,source=app,from=build");

    assertThat(m)
        .isEqualTo(
            new Mount(
                MountType.BIND,
                "/src",
                "app",
                "build",
                true,
                "",
                Optional.empty(),
                false,
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                Optional.empty()));
  }

  @Test
  void cacheTakesIdSharingAndFileInfoAndIsWritable() {
    Mount m =
        resolve("type=cache,id=go,target=/root/.cache,sharing=LOCKED,mode=0755,uid=1000,gid=1000");

    assertThat(m.type()).isEqualTo(MountType.CACHE);
    assertThat(m.id()).isEqualTo("go");
    assertThat(m.sharing()).contains(MountSharing.LOCKED);
    assertThat(m.mode()).hasValue(0755);
    assertThat(m.uid()).hasValue(1000);
    assertThat(m.gid()).hasValue(1000);
    assertThat(m.readOnly()).isFalse();
  }

  @Test
  void tmpfsTakesASizeInBinaryUnits() {
    Mount m = resolve("size=64m,type=tmpfs,dst=/tmp");

    assertThat(m.type()).isEqualTo(MountType.TMPFS);
    assertThat(m.target()).isEqualTo("/tmp");
    assertThat(m.sizeBytes()).hasValue(64L * 1024 * 1024);
    assertThat(m.readOnly()).isFalse();
  }

  @Test
  void secretAndSshTakeRequiredAndEnv() {
    Mount secret = resolve("type=secret,id=npmrc,target=/root/.npmrc,required,env=NPM_TOKEN");
    assertThat(secret.required()).isTrue();
    assertThat(secret.env()).contains("NPM_TOKEN");
    assertThat(secret.readOnly()).isTrue();

    Mount ssh = resolve("type=ssh,required=false,destination=/agent");
    assertThat(ssh.type()).isEqualTo(MountType.SSH);
    assertThat(ssh.required()).isFalse();
    assertThat(ssh.target()).isEqualTo("/agent");
  }

  @Test
  void readOnlyAndReadWriteForms() {
    assertThat(resolve("type=bind,target=/a,rw").readOnly()).isFalse();
    assertThat(resolve("type=bind,target=/a,readwrite=true").readOnly()).isFalse();
    assertThat(resolve("type=cache,target=/a,ro").readOnly()).isTrue();
    assertThat(resolve("type=cache,target=/a,readonly=1").readOnly()).isTrue();
    assertThat(resolve("type=bind,target=/a,rw=False").readOnly()).isTrue();
  }

  @Test
  void quotedCsvFieldsMayHoldCommas() {
    Mount m = resolve("type=bind,\"source=a,b\",target=/x");

    assertThat(m.source()).isEqualTo("a,b");
  }

  @Test
  void valuesWithVariablesAreExpandedOnResolve() {
    RunMount mount = new RunMount("type=$T,target=${DIR}/cache,id=$ID", "Dockerfile", 3);
    Map<String, String> env = Map.of("$T", "cache", "${DIR}/cache", "/root/cache", "$ID", "pip");

    Mount m = mount.resolve(v -> env.getOrDefault(v, v));

    assertThat(m.type()).isEqualTo(MountType.CACHE);
    assertThat(m.target()).isEqualTo("/root/cache");
    assertThat(m.id()).isEqualTo("pip");
  }

  @Test
  void variableValuesAreValidatedOnlyWhenResolved() {
    RunMount mount = new RunMount("type=$T,target=/x", "Dockerfile", 3);

    assertThatThrownBy(() -> mount.resolve(v -> v.equals("$T") ? "volume" : v))
        .isInstanceOf(DockerfileSyntaxException.class)
        .hasMessage("Dockerfile:3: unsupported mount type \"volume\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "type=bind,target=/a,size=1m | unexpected key 'size' for mount type 'bind'",
        "type=cache,target=/a,required | unexpected key 'required' for mount type 'cache'",
        "type=bind,target=/a,required=true | unexpected key 'required' for mount type 'bind'",
        "target=/a,zzz=bar | unexpected key 'zzz' in 'zzz=bar'",
        "target=/a,tagret=/b | unexpected key 'tagret' in 'tagret=/b' (did you mean target?)",
        "target=/a,nosuid | invalid field 'nosuid' must be a key=value pair",
        "type=tmpfs,target=/a,size=big | invalid value for size: big",
        "type=cache,target=/a,sharing=global | unsupported sharing value \"global\"",
        "type=cache,target=/a,sharing=lockd | unsupported sharing value \"lockd\" (did you mean locked?)",
        "type=cache,target=/a,mode=0999 | invalid value 0999 for mode",
        "type=cache,target=/a,uid=-1 | invalid value -1 for uid",
        "type=cache,target=/a,gid=4294967296 | invalid value 4294967296 for gid",
        "type=bind,target=/a,mode=0644 | mode not allowed for \"bind\" type mounts",
        "type=tmpfs,target=/a,uid=0 | uid not allowed for \"tmpfs\" type mounts",
        "type=bind,target=/a,ro=maybe | invalid value for ro: maybe",
        "type=secret,id=a,from=b | secret mount should not have a from",
        "type=secret,id=a,sharing=shared | secret mount should not define sharing",
        "type=secret,required | invalid secret mount. one of source, target required",
        "type=secret,id=a,source=b | both source and id can't be set",
        "type=bind,target=/a,sharing=private | invalid cache sharing set for bind mount",
        "type=bind,\"target=/a | failed to parse csv mounts: extraneous or missing \" in quoted-field",
        "type=bind,tar\"get=/a | failed to parse csv mounts: bare \" in non-quoted-field",
        "type=bind,from=$STAGE | 'from' doesn't support variable expansion, define alias stage instead"
      })
  void badMountsAreRejectedAtParseTimeWithTheLine(String spec, String message) {
    assertThatThrownBy(() -> new RunMount(spec, "Dockerfile", 7))
        .isInstanceOf(DockerfileSyntaxException.class)
        .hasMessage("Dockerfile:7: " + message);
  }

  @Test
  void emptyMountValueIsRejected() {
    assertThatThrownBy(() -> new RunMount("", "Dockerfile", 2))
        .hasMessage("Dockerfile:2: failed to parse csv mounts: the value is empty");
  }
}
