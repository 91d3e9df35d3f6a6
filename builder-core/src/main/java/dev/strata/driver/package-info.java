/**
 * Storage drivers (overlay, vfs): prepare a snapshot from a parent chain of layers, and diff it.
 */
package dev.strata.driver;
