package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spare trees: kept per name, taken once, replaced, and all removed by collection. */
class SpareTreesTest {
  @TempDir Path tmp;
  private Store store;

  @BeforeEach
  void setUp() {
    store = Store.open(tmp.resolve("store"));
  }

  @AfterEach
  void tearDown() throws IOException {
    store.close();
  }

  private Path tree(String content) throws IOException {
    Path t = store.newTempDirectory("tree");
    Files.writeString(t.resolve("file"), content);
    return t;
  }

  @Test
  void aKeptTreeIsTakenOnceByName() throws IOException {
    store.spares().keep("Dockerfile\n0", tree("one"));

    assertThat(store.spares().take("Dockerfile\n1")).isEmpty();
    Optional<Path> taken = store.spares().take("Dockerfile\n0");
    assertThat(taken).isPresent();
    assertThat(taken.get().resolve("file")).hasContent("one");
    assertThat(store.spares().take("Dockerfile\n0")).isEmpty();
  }

  @Test
  void aNewerTreeReplacesTheOldOne() throws IOException {
    store.spares().keep("Dockerfile\n0", tree("one"));
    store.spares().keep("Dockerfile\n0", tree("two"));

    assertThat(store.spares().take("Dockerfile\n0").get().resolve("file")).hasContent("two");
  }

  @Test
  void onlyTheTreesKeptLastStay() throws IOException {
    for (int i = 0; i <= SpareTrees.MAX_TREES; i++) {
      store.spares().keep("stage " + i, tree("tree " + i));
    }

    assertThat(store.spares().take("stage 0")).isEmpty();
    for (int i = 1; i <= SpareTrees.MAX_TREES; i++) {
      assertThat(store.spares().take("stage " + i).get().resolve("file")).hasContent("tree " + i);
    }
  }

  @Test
  void collectionRemovesEverySpareTree() throws IOException {
    store.spares().keep("a", tree("one"));
    store.spares().keep("b", tree("two"));

    assertThat(store.collectGarbage().ran()).isTrue();
    assertThat(store.spares().take("a")).isEmpty();
    assertThat(store.spares().take("b")).isEmpty();
    try (var left = Files.list(store.cacheDir().resolve("spare"))) {
      assertThat(left).isEmpty();
    }
  }
}
