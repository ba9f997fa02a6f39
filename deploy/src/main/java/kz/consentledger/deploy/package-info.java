/**
 * Local deployment helpers of the consent ledger that run outside the services: the demo
 * data loader that feeds the contract's example story and a deterministic synthetic
 * population of subjects to the ledger's Kafka topic.
 */
package kz.consentledger.deploy;
