/** Containers: a copy-on-write read-write layer over an image, run by an executor. */
package dev.strata.container;
