/**
 * Who may do what: roles, operator scopes, local accounts and JWTs, and the problem
 * responses of a refusal. See docs/security.md.
 */
package kz.consentledger.service.security;
