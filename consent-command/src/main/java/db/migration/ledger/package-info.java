/**
 * Flyway's Java migrations of the {@code ledger} schema (found by Flyway in
 * {@code classpath:db/migration/ledger} next to the SQL ones).
 */
package db.migration.ledger;
