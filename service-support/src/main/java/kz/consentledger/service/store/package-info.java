/**
 * Axon's storage wiring both services share.
 */
package kz.consentledger.service.store;
