/**
 * The content-addressed store: blobs, references, extracted layers, locks, garbage collection and
 * checking.
 */
package dev.strata.store;
