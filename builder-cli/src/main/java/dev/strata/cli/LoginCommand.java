package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.api.Registries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata login [-u USER] [--password-stdin] REGISTRY}: checks the credentials against the
 * registry and records them in Docker's config.json. The password is read from standard input (a
 * password on the command line would land in shell history and process listings).
 */
@Command(name = "login", description = "Log in to a registry.")
final class LoginCommand implements Callable<Integer> {
  @Option(
      names = {"-u", "--username"},
      paramLabel = "USER",
      description = "User name (default: asked on the terminal).")
  String username;

  @Option(names = "--password-stdin", description = "Read the password from standard input.")
  boolean passwordStdin;

  @Mixin RegistryOption registry;

  @Parameters(index = "0", paramLabel = "REGISTRY", description = "The registry, HOST[:PORT].")
  String server;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    java.io.Console console = System.console();
    String user = username;
    if (user == null) {
      if (console == null) {
        throw new StrataException("login needs -u USER when there is no terminal");
      }
      user = console.readLine("Username: ");
    }
    String password;
    if (passwordStdin) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      password = in.readLine();
    } else if (console != null) {
      char[] p = console.readPassword("Password: ");
      password = p == null ? null : new String(p);
    } else {
      throw new StrataException("login needs --password-stdin when there is no terminal");
    }
    if (password == null || password.isEmpty()) {
      throw new StrataException("login to " + server + ": empty password");
    }
    Registries registries = new Registries(registry.settings());
    registries.login(server, user == null ? "" : user.trim(), password);
    out.println("Login Succeeded (credentials in " + registries.configFile() + ")");
    out.flush();
    return 0;
  }
}
