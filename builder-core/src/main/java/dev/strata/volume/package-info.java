/** Named and anonymous volumes and the volume driver interface. */
package dev.strata.volume;
