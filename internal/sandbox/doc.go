// Package sandbox is Relais' side of the sandbox network, the fake social
// network that the local stack runs for the demo and the end-to-end tests:
// the client and adapter Relais talks to it with, its spec, the signature
// of its webhooks, and the wire types that the client, the webhook
// receiver and the network itself (package sandboxfake) share.
//
// The network's server is in sandboxfake, so that the Lambda functions,
// which import this package through the network registry, do not carry it.
package sandbox
