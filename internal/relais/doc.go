// Package relais holds the domain of Relais: clients (tenants), their network
// accounts, posts and their lifecycle, interactions, moderation decisions,
// report periods and the events on the bus. It imports only the standard
// library; adapters live in sibling packages named after what they wrap.
package relais
