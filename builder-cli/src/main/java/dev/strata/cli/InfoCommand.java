package dev.strata.cli;

import dev.strata.api.Containers;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata info}: the store, storage driver, executor and what the store holds. */
@Command(name = "info", description = "Show the store, storage driver, executor and counts.")
final class InfoCommand implements Callable<Integer> {
  @Option(names = "--storage-driver", paramLabel = "overlay|vfs", description = "Driver to report.")
  String storageDriver;

  @Option(names = "--executor", paramLabel = "runc|chroot", description = "Executor to report.")
  String executor;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Containers containers = ContainerOption.open(spec)) {
      Containers.Info i = containers.info(storageDriver, executor);
      out.println("Root: " + i.root());
      out.println("Storage Driver: " + i.storageDriver());
      out.println(" Backing Filesystem: " + i.backingFilesystem());
      out.println("Executor: " + i.executor() + " " + i.executorVersion());
      out.println("Images: " + i.images());
      out.println("Containers: " + i.containers());
      out.println(" Running: " + i.runningContainers());
      out.println(" Stopped: " + (i.containers() - i.runningContainers()));
      out.println("Volumes: " + i.volumes());
      out.println("Build Cache: " + HumanUnits.size(i.cacheBytes()));
    }
    out.flush();
    return 0;
  }
}
