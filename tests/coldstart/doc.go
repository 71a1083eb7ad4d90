// Package coldstart measures how long each Relais function takes, from exec
// to its first request for an invocation, against a hello-world Lambda.
// The tests build the functions and run them against a stand-in for the
// Lambda Runtime API.
package coldstart
