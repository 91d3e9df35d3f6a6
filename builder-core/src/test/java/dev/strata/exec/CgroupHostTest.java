package dev.strata.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupHostTest {
  @Test
  void cgroupV1ControllersComeFromTheMountOptions() {
    CgroupHost h =
        CgroupHost.parse(
            List.of(
                "24 29 0:21 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
                "25 24 0:22 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct",
                "26 24 0:23 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids",
                "27 24 0:24 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd"),
            null);
    assertThat(h.mode()).isEqualTo(CgroupHost.Mode.V1);
    assertThat(h.has("pids")).isTrue();
    assertThat(h.has("cpu")).isTrue();
    assertThat(h.has("memory")).isFalse();
    assertThat(h.canRestrictDevices()).isFalse();
  }

  @Test
  void cgroupV2ControllersComeFromTheRootCgroup() {
    CgroupHost h =
        CgroupHost.parse(
            List.of("30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate"),
            "cpuset cpu io memory pids\n");
    assertThat(h.mode()).isEqualTo(CgroupHost.Mode.V2);
    assertThat(h.has("memory")).isTrue();
    assertThat(h.has("devices")).isFalse();
    assertThat(h.canRestrictDevices()).isTrue();
  }

  @Test
  void noCgroupsAtAll() {
    CgroupHost h = CgroupHost.parse(List.of("22 1 8:1 / / rw,relatime - ext4 /dev/vda rw"), null);
    assertThat(h.mode()).isEqualTo(CgroupHost.Mode.NONE);
    assertThat(h.canRestrictDevices()).isFalse();
  }

  @Test
  void thisHostIsDetected() {
    assertThat(CgroupHost.detect().mode()).isNotNull();
  }
}
