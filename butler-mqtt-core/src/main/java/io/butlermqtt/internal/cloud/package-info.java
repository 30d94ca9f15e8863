/**
 * The Qlik Cloud event client's internals: payload decoding as Node.js does it, Butler's filters, the
 * dispatcher that calls the listener and acknowledges, and the client's assembly. Internal: may change in
 * any release.
 */
package io.butlermqtt.internal.cloud;
