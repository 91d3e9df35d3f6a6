package dev.strata.solver.copy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Tells ADD's remote sources from paths, as BuildKit's Dockerfile frontend does. */
final class SourceUrls {
  /** The file name BuildKit gives a download whose URL path has no last element. */
  static final String UNNAMED = "__unnamed__";

  private SourceUrls() {}

  /** A Git repository: {@code git://}, {@code ssh://}, {@code git@host:path}, or a .git URL. */
  static boolean isGit(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    if (l.startsWith("git://") || l.startsWith("ssh://") || l.startsWith("git@")) {
      return true;
    }
    if (l.startsWith("http://") || l.startsWith("https://")) {
      String path = l;
      int cut = indexOfAny(path, "#?");
      if (cut >= 0) {
        path = path.substring(0, cut);
      }
      return path.endsWith(".git") || path.endsWith(".git/");
    }
    return false;
  }

  /** An http or https URL that is not a Git repository. */
  static boolean isHttp(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    return (l.startsWith("http://") || l.startsWith("https://")) && !isGit(s);
  }

  /** The name a download gets: the last element of the URL's path, else {@value #UNNAMED}. */
  static String fileName(String url) {
    String path;
    try {
      path = new URI(url).getPath();
    } catch (URISyntaxException e) {
      return UNNAMED;
    }
    if (path == null) {
      return UNNAMED;
    }
    String clean = Destination.clean(path);
    String base = Destination.base(clean);
    return base.isEmpty() ? UNNAMED : base;
  }

  /** {@code url} without the password of any user info, for messages. */
  static String redact(String url) {
    try {
      URI u = new URI(url);
      if (u.getRawUserInfo() == null) {
        return url;
      }
      String user = u.getRawUserInfo();
      int colon = user.indexOf(':');
      String shown = colon < 0 ? user : user.substring(0, colon) + ":xxxxx";
      return url.replace(u.getRawUserInfo() + "@", shown + "@");
    } catch (URISyntaxException e) {
      return url;
    }
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
