package dev.strata.cli;

import dev.strata.api.Registries;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata logout REGISTRY}: forgets the registry's credentials. */
@Command(name = "logout", description = "Log out from a registry.")
final class LogoutCommand implements Callable<Integer> {
  @Mixin RegistryOption registry;

  @Parameters(index = "0", paramLabel = "REGISTRY", description = "The registry, HOST[:PORT].")
  String server;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Registries registries = new Registries(registry.settings());
    boolean removed = registries.logout(server);
    out.println(
        removed
            ? "Removing login credentials for " + Registries.host(server)
            : "Not logged in to " + Registries.host(server));
    out.flush();
    return 0;
  }
}
