package dev.strata.exec;

import dev.strata.StrataException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a Dockerfile USER value ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid},
 * {@code uid:group}, {@code name:gid}) into the ids a process runs as, reading the rootfs's own
 * {@code /etc/passwd} and {@code /etc/group} in-process (never the host's name services), with the
 * rules of docker and runc:
 *
 * <ul>
 *   <li>a name must have a passwd entry; a numeric uid need not (its gid is then 0);
 *   <li>the gid comes from the passwd entry unless a group is given; a group name must be in
 *       /etc/group, a numeric gid need not;
 *   <li>supplementary groups are the /etc/group entries listing the user's name, and only when no
 *       group is given explicitly.
 * </ul>
 *
 * Both files are read only as regular files inside the rootfs (a symlink is refused, not followed)
 * and only up to {@link #MAX_FILE_SIZE}.
 */
public final class UserResolver {
  /** The largest /etc/passwd or /etc/group read. */
  public static final long MAX_FILE_SIZE = 1024 * 1024;

  private record PasswdEntry(String name, long uid, long gid, String home) {}

  private record GroupEntry(String name, long gid, List<String> members) {}

  private final Path rootfs;

  /** A resolver reading the files of {@code rootfs} (an absolute directory path). */
  public UserResolver(Path rootfs) {
    this.rootfs = rootfs;
  }

  /**
   * Resolves {@code user}; an empty value means root.
   *
   * @throws StrataException for an unknown name, an id out of range, or an unreadable file
   */
  public ResolvedUser resolve(String user) {
    int colon = user.indexOf(':');
    String userArg = colon < 0 ? user : user.substring(0, colon);
    String groupArg = colon < 0 ? "" : user.substring(colon + 1);
    if (groupArg.indexOf(':') >= 0) {
      groupArg = groupArg.substring(0, groupArg.indexOf(':'));
    }
    if (userArg.isEmpty()) {
      userArg = "0";
    }
    Long uidArg = numeric(userArg);
    Long gidArg = groupArg.isEmpty() ? null : numeric(groupArg);

    List<PasswdEntry> passwd = passwd();
    PasswdEntry matched = null;
    for (PasswdEntry e : passwd) {
      if (uidArg != null ? e.uid() == uidArg : e.name().equals(userArg)) {
        matched = e;
        break;
      }
    }
    long uid;
    long gid = 0;
    String home = "/";
    if (matched != null) {
      uid = matched.uid();
      gid = matched.gid();
      home = matched.home().isEmpty() ? "/" : matched.home();
    } else if (uidArg != null) {
      uid = checkRange(uidArg);
    } else {
      throw new StrataException(
          "unable to find user " + userArg + ": no matching entries in passwd file");
    }

    List<Long> additional = new ArrayList<>();
    if (!groupArg.isEmpty()) {
      GroupEntry group = null;
      for (GroupEntry g : groups()) {
        if (gidArg != null ? g.gid() == gidArg : g.name().equals(groupArg)) {
          group = g;
          break;
        }
      }
      if (group != null) {
        gid = group.gid();
      } else if (gidArg != null) {
        gid = checkRange(gidArg);
      } else {
        throw new StrataException(
            "unable to find group " + groupArg + ": no matching entries in group file");
      }
    } else if (matched != null) {
      Set<Long> gids = new LinkedHashSet<>();
      for (GroupEntry g : groups()) {
        if (g.members().contains(matched.name())) {
          gids.add(g.gid());
        }
      }
      additional.addAll(gids);
    }
    return new ResolvedUser(
        new ProcessUser(uid, gid, additional),
        Optional.ofNullable(matched).map(PasswdEntry::name),
        home);
  }

  private static Long numeric(String s) {
    if (!s.matches("[0-9]{1,19}")) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long checkRange(long id) {
    if (id > ProcessUser.MAX_ID) {
      throw new StrataException("uids and gids must be in range 0-" + ProcessUser.MAX_ID);
    }
    return id;
  }

  private List<PasswdEntry> passwd() {
    List<PasswdEntry> entries = new ArrayList<>();
    for (String[] f : records("/etc/passwd")) {
      Long uid = f.length > 2 ? numeric(f[2]) : null;
      Long gid = f.length > 3 ? numeric(f[3]) : null;
      // A malformed entry is skipped rather than read as uid 0.
      if (f[0].isEmpty()
          || uid == null
          || gid == null
          || uid > ProcessUser.MAX_ID
          || gid > ProcessUser.MAX_ID) {
        continue;
      }
      entries.add(new PasswdEntry(f[0], uid, gid, f.length > 5 ? f[5] : ""));
    }
    return entries;
  }

  private List<GroupEntry> groups() {
    List<GroupEntry> entries = new ArrayList<>();
    for (String[] f : records("/etc/group")) {
      Long gid = f.length > 2 ? numeric(f[2]) : null;
      if (f[0].isEmpty() || gid == null || gid > ProcessUser.MAX_ID) {
        continue;
      }
      List<String> members = new ArrayList<>();
      if (f.length > 3) {
        for (String m : f[3].split(",")) {
          if (!m.isBlank()) {
            members.add(m.strip());
          }
        }
      }
      entries.add(new GroupEntry(f[0], gid, members));
    }
    return entries;
  }

  private List<String[]> records(String file) {
    Optional<byte[]> bytes = RootfsFile.read(rootfs, file, MAX_FILE_SIZE);
    List<String[]> out = new ArrayList<>();
    if (bytes.isEmpty()) {
      return out;
    }
    for (String line : new String(bytes.get(), StandardCharsets.UTF_8).split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      out.add(l.split(":", -1));
    }
    return out;
  }
}
