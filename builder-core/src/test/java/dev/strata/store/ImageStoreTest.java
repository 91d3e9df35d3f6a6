package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
  @TempDir Path root;
  Store store;
  ImageStore images;

  @BeforeEach
  void open() {
    store = Store.open(root);
    images = store.images();
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  Fixtures.TestImage image(String label) throws IOException {
    return Fixtures.image(store.blobs(), label, List.of(Fixtures.BASE, Fixtures.layer(label)));
  }

  static ImageReference ref(String s) {
    return ImageReference.parse(s);
  }

  @Test
  void anImageIsFoundByEveryNameDockerAccepts() throws IOException {
    Fixtures.TestImage img = image("a");
    images.tag(ref("app"), img.id());
    Digest id = img.id();

    assertThat(images.resolve("app")).isEqualTo(id);
    assertThat(images.resolve("app:latest")).isEqualTo(id);
    assertThat(images.resolve("docker.io/library/app:latest")).isEqualTo(id);
    assertThat(images.resolve("library/app")).isEqualTo(id);
    assertThat(images.resolve(id.toString())).isEqualTo(id);
    assertThat(images.resolve(id.encoded())).isEqualTo(id);
    assertThat(images.resolve(id.encoded().substring(0, 4))).isEqualTo(id);
    assertThat(images.resolve("sha256:" + id.encoded().substring(0, 7))).isEqualTo(id);
    assertThat(images.resolve("other@" + id)).isEqualTo(id);
    assertThat(images.lookup(ref("app"))).contains(id);
  }

  @Test
  void unknownNamesAndBadReferencesGetClearErrors() throws IOException {
    images.tag(ref("app:1"), image("a").id());
    assertThatThrownBy(() -> images.resolve("app:2"))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessage("no such image: app:2");
    assertThatThrownBy(() -> images.resolve("ffff"))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessage("no such image: ffff");
    assertThatThrownBy(() -> images.resolve("Bad Name"))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("invalid image reference \"Bad Name\"");
  }

  @Test
  void anIdPrefixMatchingTwoImagesIsAmbiguous() throws IOException {
    // Find two images whose ids share a first hex digit; 17 images guarantee one.
    java.util.Map<Character, Digest> byFirst = new java.util.HashMap<>();
    Character shared = null;
    for (int i = 0; shared == null; i++) {
      Digest id = image("img" + i).id();
      images.add(id);
      Digest prev = byFirst.put(id.encoded().charAt(0), id);
      if (prev != null) {
        shared = id.encoded().charAt(0);
      }
    }
    String prefix = String.valueOf(shared);
    assertThatThrownBy(() -> images.resolve(prefix))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("ambiguous image id prefix \"" + prefix + "\": matches ");
  }

  @Test
  void anImageWithMissingContentIsNotRecorded() throws IOException {
    Fixtures.TestImage img = image("a");
    Files.delete(store.blobs().path(img.layers().get(1).digest()));

    assertThatThrownBy(() -> images.tag(ref("app"), img.id()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("cannot add image " + img.id())
        .hasMessageContaining("layer " + img.layers().get(1).digest() + " is missing");
    assertThat(images.list()).isEmpty();
    assertThat(images.references()).isEmpty();
  }

  @Test
  void aBlobThatIsNotAManifestCannotBeAnImage() throws IOException {
    Fixtures.TestImage img = image("a");
    assertThatThrownBy(() -> images.add(img.layers().get(0).digest()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("not a manifest or an index");
  }

  @Test
  void retaggingLeavesTheOldImageDanglingAndPruneRemovesIt() throws IOException {
    Fixtures.TestImage a = image("a");
    Fixtures.TestImage b = image("b");
    assertThat(images.tag(ref("app"), a.id())).isEmpty();
    assertThat(images.tag(ref("app"), b.id())).contains(a.id());
    assertThat(images.tag(ref("app"), b.id())).isEmpty();

    assertThat(images.get(a.id()).orElseThrow().dangling()).isTrue();
    assertThat(images.get(b.id()).orElseThrow().references()).containsExactly(ref("app:latest"));
    assertThat(images.pruneDangling()).containsExactly(a.id());
    assertThat(images.list()).extracting(ImageEntry::id).containsExactly(b.id());
  }

  @Test
  void removingANameUntagsAndDeletesTheImageOnlyWithItsLastName() throws IOException {
    Fixtures.TestImage img = image("a");
    images.tag(ref("app:1"), img.id());
    images.tag(ref("app:2"), img.id());

    ImageRemoval first = images.remove("app:1", false);
    assertThat(first.untagged()).containsExactly(ref("app:1"));
    assertThat(first.deleted()).isEmpty();
    assertThat(store.blobs().exists(img.id())).isTrue();

    ImageRemoval last = images.remove("app:2", false);
    assertThat(last.deleted()).containsExactly(img.id());
    assertThat(last.collection().ran()).isTrue();
    assertThat(store.blobs().list()).isEmpty();
  }

  @Test
  void removingByIdAnImageWithSeveralNamesNeedsForce() throws IOException {
    Fixtures.TestImage img = image("a");
    images.tag(ref("app:1"), img.id());
    images.tag(ref("other"), img.id());

    assertThatThrownBy(() -> images.remove(img.id().encoded().substring(0, 6), false))
        .isInstanceOf(StrataException.class)
        .hasMessage(
            "image "
                + img.id().shortId()
                + " is referenced by 2 names (app:1, other:latest): remove them by name or force");
    assertThat(images.list()).hasSize(1);

    ImageRemoval forced = images.remove(img.id().toString(), true);
    assertThat(forced.untagged()).containsExactlyInAnyOrder(ref("app:1"), ref("other:latest"));
    assertThat(forced.deleted()).containsExactly(img.id());
    assertThat(images.list()).isEmpty();
  }

  @Test
  void referencesPersistAcrossOpensAndAreWrittenCanonically() throws IOException {
    Fixtures.TestImage img = image("a");
    images.tag(ref("localhost:5000/team/app:v1"), img.id());
    store.close();
    store = Store.open(root);

    assertThat(store.images().resolve("localhost:5000/team/app:v1")).isEqualTo(img.id());
    String json = Files.readString(root.resolve("image/images.json"));
    assertThat(json)
        .startsWith("{\"images\":{\"" + img.id() + "\":{\"added\":")
        .contains("\"references\":{\"localhost:5000/team/app:v1\":\"" + img.id() + "\"}")
        .endsWith(",\"version\":1}");
  }

  @Test
  void untagKeepsTheImage() throws IOException {
    Fixtures.TestImage img = image("a");
    images.tag(ref("app"), img.id());
    assertThat(images.untag(ref("app"))).isTrue();
    assertThat(images.untag(ref("app"))).isFalse();
    assertThat(images.get(img.id())).isPresent();
  }

  @Test
  void taggingWithBothTagAndDigestOrAForeignDigestIsRefused() throws IOException {
    Fixtures.TestImage a = image("a");
    Fixtures.TestImage b = image("b");
    assertThatThrownBy(() -> images.tag(ref("app:1@" + a.id()), a.id()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> images.tag(ref("app@" + a.id()), b.id()))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("different image");
    images.tag(ref("app@" + a.id()), a.id());
    assertThat(images.resolve("app@" + a.id())).isEqualTo(a.id());
  }

  @Test
  void damagedCatalogIsAUserErrorPointingAtRepair() throws IOException {
    Files.writeString(root.resolve("image/images.json"), "{\"version\":1,\"images\":[");
    assertThatThrownBy(() -> images.list())
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("invalid image catalog ")
        .hasMessageEndingWith("(run strata system check --repair to set it aside)");
  }
}
