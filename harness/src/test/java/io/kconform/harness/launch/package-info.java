/** Unit tests of launching embedded clusters: their layout, node configurations and security material. */
package io.kconform.harness.launch;
