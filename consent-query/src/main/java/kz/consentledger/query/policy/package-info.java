/** Each operator's published policy versions. */
package kz.consentledger.query.policy;
