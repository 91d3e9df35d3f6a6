package dev.strata.store.archive;

import dev.strata.Digest;
import dev.strata.image.ImageReference;

/**
 * One image to save: its id and the name to save it under ({@code null} when the user named it by
 * id, so the archive carries no name for it).
 */
public record SaveItem(Digest id, ImageReference name) {}
