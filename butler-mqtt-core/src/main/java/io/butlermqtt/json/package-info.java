/**
 * Immutable JSON values, as Qlik's services return them and as Butler writes them: {@link
 * io.butlermqtt.json.JsonObject}, {@link io.butlermqtt.json.JsonArray}, and {@link io.butlermqtt.json.Json}
 * to copy Java values into them and to parse JSON text with JavaScript's semantics. Event metadata
 * ({@code qs_taskMetadata}, {@code qs_appMetadata}) and the free-form parts of Qlik Cloud events are
 * held in these types.
 */
package io.butlermqtt.json;
