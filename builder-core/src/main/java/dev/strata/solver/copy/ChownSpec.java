package dev.strata.solver.copy;

import dev.strata.StrataException;
import dev.strata.exec.ProcessUser;
import dev.strata.exec.ResolvedUser;
import dev.strata.exec.UserResolver;
import java.nio.file.Path;

/**
 * A {@code --chown} value, {@code user[:group]} with names or numeric ids, resolved the way
 * BuildKit resolves it for COPY and ADD: names are looked up in the destination rootfs's own
 * /etc/passwd and /etc/group (through {@link UserResolver}, never the host's name services) and
 * must be found; a user name alone gives that user's primary group; a numeric user alone gives the
 * same number as group ({@code --chown=1000} is 1000:1000); numeric ids need no entry.
 */
final class ChownSpec {
  private ChownSpec() {}

  /**
   * Resolves {@code spec} against {@code rootfs}.
   *
   * @throws CopyException for an unknown name, an id out of range or an unreadable passwd file
   */
  static Owner resolve(String spec, Path rootfs) {
    int colon = spec.indexOf(':');
    String user = colon < 0 ? spec : spec.substring(0, colon);
    String group = colon < 0 ? "" : spec.substring(colon + 1);
    try {
      if (group.isEmpty() && isNumeric(user)) {
        long id = checkedId(user);
        return new Owner((int) id, (int) id);
      }
      UserResolver resolver = new UserResolver(rootfs);
      ResolvedUser resolved = resolver.resolve(group.isEmpty() ? user : user + ":" + group);
      ProcessUser ids = resolved.user();
      return new Owner((int) ids.uid(), (int) ids.gid());
    } catch (CopyException e) {
      throw e;
    } catch (StrataException e) {
      throw new CopyException("invalid --chown=" + spec + ": " + e.getMessage(), e);
    }
  }

  private static boolean isNumeric(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static long checkedId(String s) {
    if (s.length() > 10 || Long.parseLong(s) > ProcessUser.MAX_ID) {
      throw new CopyException(
          "invalid --chown: id " + s + " is out of range 0-" + ProcessUser.MAX_ID);
    }
    return Long.parseLong(s);
  }
}
