package dev.strata.layer;

import java.util.SortedMap;

/**
 * One tar entry as strata writes it, before encoding: {@code name} is the full tar name
 * (directories end with '/'), {@code mtime} whole seconds, {@code xattrs} by name.
 */
record TarHeader(
    String name,
    byte type,
    int mode,
    long uid,
    long gid,
    long size,
    long mtime,
    String linkName,
    int devMajor,
    int devMinor,
    SortedMap<String, byte[]> xattrs) {}
