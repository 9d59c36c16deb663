/**
 * Host memory: the registry of managed caches other bundles offer, the memory-pressure
 * monitor (system and JVM heap use, levels, events, optional automatic emergency stop) and
 * the emergency stop steps that clear caches and collect garbage.
 */
package io.backstop.memory;
