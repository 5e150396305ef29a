/**
 * The target as a check sees it: a black box with bootstrap servers, ordinary client properties,
 * the facts its probe found (advertised API versions, features, cluster shape), and the prefix
 * under which a run names everything it creates.
 */
package io.kconform.api.target;
