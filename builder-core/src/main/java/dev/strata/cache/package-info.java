/** Cache keys, the persisted cache index, and explaining why a step missed. */
package dev.strata.cache;
