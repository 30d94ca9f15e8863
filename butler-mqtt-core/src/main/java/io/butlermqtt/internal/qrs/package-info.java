/**
 * The Qlik Repository Service client behind {@link io.butlermqtt.QrsClient}: HTTPS transport with the
 * client certificate and the xrfkey, retries within a time budget, the record cache, and Butler's
 * reading of task and app records. Not API: may change in any release.
 */
package io.butlermqtt.internal.qrs;
