/**
 * Not a battery: how the connect and streams batteries watch the log cleaner compact the internal topics
 * a Connect worker or a Streams application created and wrote. They read the topics whole, note the
 * records that a later record of the same key supersedes, and re-read until those are gone, asserting at
 * every read that the latest record of each key is still there.
 */
package io.kconform.checks.compaction;
