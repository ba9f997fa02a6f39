/**
 * Spring configuration both services share: storage wiring and security.
 */
package kz.consentledger.service;
