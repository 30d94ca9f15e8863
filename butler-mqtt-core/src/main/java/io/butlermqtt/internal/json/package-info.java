/**
 * A JSON writer that reproduces JavaScript's {@code JSON.stringify} byte for byte. Internal: may change in any release.
 */
package io.butlermqtt.internal.json;
