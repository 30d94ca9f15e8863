/**
 * Implementation of the YAML loader. Not API: may change in any release.
 */
package io.butlermqtt.yaml.internal;
